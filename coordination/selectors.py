"""Reads for coordinators: who they may see, what is assigned to whom and how far each
member is. Every read is scoped to one organisation and costs a constant number of
queries, however many members it has."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from django.db.models import Max, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CourseCompletion, CoursePage, ModulePage
from courses.selectors import course_states, course_states_for_users
from courses.states import CourseState, ModuleState
from lms.bulk import collector_paused
from lms.models import JoinRequest, Membership, Organisation, Team, User
from training.models import Registration, TrainingSession

from .models import Assignment


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    """The current members of `organisation` with their user and teams (two queries
    when evaluated). A member who left has no membership, so is not here."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def pending_join_requests(organisation: Organisation) -> QuerySet[JoinRequest]:
    """Requests to join `organisation` waiting for a decision, oldest first: only
    those from a verified address (told to the coordinators), so nobody approves an
    account someone made with another person's address."""
    return (
        JoinRequest.objects.filter(
            organisation=organisation,
            status=JoinRequest.Status.PENDING,
            notified_at__isnull=False,
        )
        .select_related("user")
        .order_by("created_at")
    )


def assignments_of(organisation: Organisation) -> list[Assignment]:
    """Everything `organisation` assigned, mandatory first, then by due date."""
    return list(
        Assignment.objects.filter(organisation=organisation).select_related(
            "course", "module", "team", "organisation"
        )
    )


def assignments_for_member(
    assignments: Iterable[Assignment], team_ids: set[int]
) -> dict[int, Assignment]:
    """The assignments that apply to a member of these teams, one per target page (the
    course or module): a mandatory one beats a recommended one, an earlier due date a
    later one. Keyed by the target page's id."""
    chosen: dict[int, Assignment] = {}
    for assignment in assignments:
        if assignment.team_id is not None and assignment.team_id not in team_ids:
            continue
        key = assignment.target.pk
        current = chosen.get(key)
        if current is None or _weight(assignment) < _weight(current):
            chosen[key] = assignment
    return chosen


def _weight(assignment: Assignment) -> tuple:
    return (not assignment.mandatory, assignment.due_date or date.max, assignment.pk)


class Status:
    """A member's standing on one assignment."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"

    labels = {
        NOT_STARTED: _("Not started"),
        IN_PROGRESS: _("In progress"),
        COMPLETED: _("Completed"),
        OVERDUE: _("Overdue"),
    }
    choices = list(labels.items())


@dataclass
class Cell:
    """One member on one assignment."""

    assignment: Assignment
    status: str
    percent: int
    completed_at: datetime | None = None
    # What is not done yet, for `missing`: the member's state of the course or module,
    # and whether the follow-up moment the assignment asks for is still to attend.
    target: CourseState | ModuleState | None = None
    follow_up_missing: bool = False

    @cached_property
    def missing(self) -> list[str]:
        """What is still to do, in words: built only for a cell that is shown (one
        member's page), not for each of the thousands a summary counts."""
        missing = list(self.target.missing) if self.target is not None else []
        if self.follow_up_missing:
            missing.append(str(_("Attend a follow-up moment of your organisation.")))
        return missing

    @property
    def status_label(self) -> str:
        return str(Status.labels[self.status])

    @property
    def completed(self) -> bool:
        return self.status == Status.COMPLETED


@dataclass
class MemberRow:
    membership: Membership
    cells: dict[int, Cell]  # target page id → cell
    course_states: list[CourseState]
    teams: list[Team]

    @property
    def user(self) -> User:
        return self.membership.user

    @property
    def statuses(self) -> set[str]:
        return {cell.status for cell in self.cells.values()}

    def cells_in(self, targets: Sequence[Target]) -> list[Cell | None]:
        """The member's cells in the order of `targets`, None where not assigned."""
        return [self.cells.get(target.pk) for target in targets]


@dataclass(frozen=True)
class Target:
    """A course or module that is assigned to someone in the organisation (a column)."""

    page: CoursePage | ModulePage
    course: CoursePage

    @property
    def pk(self) -> int:
        return self.page.pk

    @property
    def is_module(self) -> bool:
        return isinstance(self.page, ModulePage)

    @property
    def title(self) -> str:
        if self.is_module:
            return f"{self.course.title} – {self.page.title}"
        return self.page.title


@dataclass
class ProgressTable:
    organisation: Organisation
    targets: list[Target]
    rows: list[MemberRow]
    teams: list[Team]


def _cell(
    assignment: Assignment,
    state: CourseState,
    *,
    completion: datetime | None,
    follow_up: datetime | None,
    today: date,
) -> Cell:
    target: CourseState | ModuleState = state
    if assignment.module_id is not None:
        target = next(
            (m for m in state.modules if m.module.pk == assignment.module_id), None
        )
    if target is None:  # the module was unpublished or moved away
        return Cell(assignment, Status.NOT_STARTED, 0)
    complete = target.complete
    completed_at = None
    if complete:
        completed_at = (
            target.completed_at
            if isinstance(target, ModuleState)
            else completion or _latest_module_completion(state)
        )
    follow_up_missing = False
    if assignment.requires_follow_up and assignment.module_id is None:
        if follow_up is None:
            complete = False
            follow_up_missing = True
        elif completed_at is not None:
            completed_at = max(completed_at, follow_up)
    if complete:
        return Cell(assignment, Status.COMPLETED, 100, completed_at)
    percent = min(target.percent, 99)
    if assignment.mandatory and assignment.due_date and assignment.due_date < today:
        status = Status.OVERDUE
    elif percent > 0 or _tests_passed(target):
        status = Status.IN_PROGRESS
    else:
        status = Status.NOT_STARTED
    return Cell(assignment, status, percent, None, target, follow_up_missing)


def _latest_module_completion(state: CourseState) -> datetime | None:
    moments = [m.completed_at for m in state.modules]
    moments.append(state.final_passed_at)
    return max((m for m in moments if m is not None), default=None)


def _tests_passed(target: CourseState | ModuleState) -> bool:
    if isinstance(target, ModuleState):
        return target.test_passed
    return target.final_passed or any(m.test_passed for m in target.modules)


def _follow_ups_attended(
    organisation: Organisation, user_ids: list[int] | Subquery, course_ids: list[int]
) -> dict[tuple[int, int], datetime]:
    """(user, course) → the end of the latest follow-up moment of `organisation` for
    that course the user attended: one query, none when nothing asks for it."""
    attended = _follow_ups_attended_in([organisation.pk], user_ids, course_ids)
    return {(user, course): last for (_org, user, course), last in attended.items()}


def _follow_ups_attended_in(
    organisation_ids: list[int], user_ids: list[int] | Subquery, course_ids: list[int]
) -> dict[tuple[int, int, int], datetime]:
    """(organisation, user, course) → the end of the latest follow-up moment of that
    organisation for that course the user attended: one query, none when nothing
    asks for it."""
    if not user_ids or not course_ids:
        return {}
    rows = (
        Registration.objects.filter(
            user_id__in=user_ids,
            attended=True,
            session__kind=TrainingSession.Kind.FOLLOW_UP,
            session__organisation__in=organisation_ids,
            session__course_id__in=course_ids,
        )
        .values("session__organisation_id", "user_id", "session__course_id")
        .annotate(last=Max("session__ends_at"))
    )
    return {
        (r["session__organisation_id"], r["user_id"], r["session__course_id"]): r[
            "last"
        ]
        for r in rows
    }


def members_filtered(
    organisation: Organisation, *, team: Team | None = None, search: str = ""
) -> QuerySet[Membership]:
    """The current members of `organisation`, only those of `team` when given, and
    only those whose first name, last name or e-mail contains `search`. Without their
    teams: `progress_table` reads those for all members in one go."""
    members = members_of(organisation).prefetch_related(None)
    if team is not None:
        members = members.filter(teams=team)
    if search:
        members = members.filter(
            Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(user__email__icontains=search)
        )
    return members


def _teams_of(
    member_ids: list[int] | Subquery, teams: list[Team]
) -> dict[int, list[Team]]:
    """Membership id → its teams among `teams` (the organisation's, in their order):
    one query of ids, however many members."""
    position = {team.pk: i for i, team in enumerate(teams)}
    links = sorted(
        Membership.teams.through.objects.filter(
            membership_id__in=member_ids
        ).values_list("membership_id", "team_id"),
        key=lambda link: position.get(link[1], len(teams)),
    )
    teams_of: dict[int, list[Team]] = defaultdict(list)
    for membership_id, team_id in links:
        if team_id in position:  # the organisation's own teams only
            teams_of[membership_id].append(teams[position[team_id]])
    return teams_of


# Sorting by status: who needs attention first.
_STATUS_ORDER = [
    Status.OVERDUE,
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
]


def _urgency(row: MemberRow) -> tuple[int, int]:
    worst = min(
        (_STATUS_ORDER.index(status) for status in row.statuses),
        default=len(_STATUS_ORDER),
    )
    return worst, sum(c.percent for c in row.cells.values())


def rows_sort(rows: list[MemberRow], sort: str) -> None:
    """Sort `rows` in place: by progress (least done first), by status (overdue
    first, then not started, in progress, completed) or, for `name`, as they are
    (the members are read by name)."""
    if sort == "progress":
        rows.sort(key=lambda r: sum(c.percent for c in r.cells.values()))
    elif sort == "status":
        rows.sort(key=_urgency)


@collector_paused()
def progress_table(
    organisation: Organisation,
    *,
    team: Team | None = None,
    status: str = "",
    search: str = "",
    sort: str = "name",
    today: date | None = None,
    memberships: Sequence[Membership] | None = None,
) -> ProgressTable:
    """Members × assigned courses and modules of `organisation`, with each member's
    status per assignment, filtered by team, status (members with at least one
    assignment in that status) and name or e-mail, sorted by name, by progress
    (`progress`: least done first) or by status (`status`: overdue first, then not
    started, in progress, completed). `memberships` replaces the team and search
    filters with a given list (a page of members, or one member).

    A constant number of queries, whatever the number of members or assignments.
    """
    today = today or timezone.localdate()
    assignments = assignments_of(organisation)
    if memberships is None:
        members = members_filtered(organisation, team=team, search=search)
        memberships = list(members)
        # The database reads the members itself: not 2,000 parameters per query.
        learners = Subquery(members.order_by().values("user_id"))
        member_ids = Subquery(members.order_by().values("pk"))
    else:
        learners = [m.user_id for m in memberships]
        member_ids = [m.pk for m in memberships]
    teams = list(organisation.teams.order_by("name"))
    teams_of = _teams_of(member_ids, teams)
    courses = list({a.course_id: a.course for a in assignments}.values())
    states = course_states_for_users(courses, learners)
    completions = {
        (user_id, course_id): completed_at
        for user_id, course_id, completed_at in CourseCompletion.objects.filter(
            user_id__in=learners, course__in=[c.pk for c in courses]
        ).values_list("user_id", "course_id", "completed_at")
    }
    follow_ups = _follow_ups_attended(
        organisation,
        learners,
        list({a.course_id for a in assignments if a.requires_follow_up}),
    )
    chosen: dict[frozenset[int], dict[int, Assignment]] = {}  # by the teams one is in
    rows = []
    for membership in memberships:
        member_teams = teams_of.get(membership.pk, [])
        team_ids = frozenset(t.pk for t in member_teams)
        if team_ids not in chosen:
            chosen[team_ids] = assignments_for_member(assignments, team_ids)
        by_course = {s.course.pk: s for s in states[membership.user_id]}
        cells = {
            key: _cell(
                assignment,
                by_course[assignment.course_id],
                completion=completions.get((membership.user_id, assignment.course_id)),
                follow_up=follow_ups.get((membership.user_id, assignment.course_id)),
                today=today,
            )
            for key, assignment in chosen[team_ids].items()
        }
        rows.append(
            MemberRow(membership, cells, states[membership.user_id], member_teams)
        )
    if status:
        rows = [row for row in rows if status in row.statuses]
    rows_sort(rows, sort)
    targets = {}
    for assignment in assignments:
        targets.setdefault(
            assignment.target.pk, Target(assignment.target, assignment.course)
        )
    return ProgressTable(
        organisation=organisation,
        targets=sorted(targets.values(), key=lambda t: (t.course.path, t.page.path)),
        rows=rows,
        teams=teams,
    )


def my_assignments(
    user: User,
    *,
    today: date | None = None,
    states: Callable[[list[CoursePage]], list[CourseState]] | None = None,
) -> list[Cell]:
    """What the organisations of `user` assigned to them, with their status: mandatory
    first, earliest due date first. Three queries when nothing is assigned, and a
    constant number more whatever the number of organisations and assignments.
    `states` gives the courses' states for `user` (`courses.selectors.LearnerStates`
    on "Mijn leertraject", where they were read already)."""
    today = today or timezone.localdate()
    memberships = members_of_user(user)
    assignments = list(
        Assignment.objects.filter(
            organisation__in=[m.organisation_id for m in memberships]
        ).select_related("course", "module", "team", "organisation")
    )
    if not assignments:
        return []
    courses = list({a.course_id: a.course for a in assignments}.values())
    by_course = {
        state.course.pk: state
        for state in (states or (lambda c: course_states(c, user)))(courses)
    }
    completions = dict(
        CourseCompletion.objects.filter(user=user, course__in=courses).values_list(
            "course_id", "completed_at"
        )
    )
    follow_ups = _follow_ups_attended_in(
        [m.organisation_id for m in memberships],
        [user.pk],
        list({a.course_id for a in assignments if a.requires_follow_up}),
    )
    by_organisation = defaultdict(list)
    for assignment in assignments:
        by_organisation[assignment.organisation_id].append(assignment)
    cells = []
    for membership in memberships:
        team_ids = {t.pk for t in membership.teams.all()}
        mine = assignments_for_member(
            by_organisation[membership.organisation_id], team_ids
        )
        cells += [
            _cell(
                assignment,
                by_course[assignment.course_id],
                completion=completions.get(assignment.course_id),
                follow_up=follow_ups.get(
                    (membership.organisation_id, user.pk, assignment.course_id)
                ),
                today=today,
            )
            for assignment in mine.values()
        ]
    return sorted(cells, key=lambda cell: _weight(cell.assignment))


def members_of_user(user: User) -> list[Membership]:
    """`user`'s memberships with organisation and teams (two queries)."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation", "user")
        .prefetch_related("teams")
    )
