"""State changes made by coordinators: teams, assignments and the enrolments that
follow from them. Views, imports and tasks call these."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from courses.models import CoursePage, ModulePage
from courses.services import enrolments_create
from lms.links import absolute_url
from lms.mail import mail_person
from lms.models import JoinRequest, Membership, Organisation, Team, User
from lms.queue import task_after_commit
from lms.roles import coordinators_of
from lms.services import membership_join
from training.models import TrainingSession

from .models import Assignment
from .selectors import assignments_for_member, assignments_of

logger = logging.getLogger(__name__)


def team_create(*, organisation: Organisation, name: str) -> Team:
    """A new team; a name the organisation already uses is refused."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    if organisation.teams.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("There is already a team called “%(name)s”.") % {"name": name}}
        )
    return Team.objects.create(organisation=organisation, name=name)


def membership_set_teams(*, membership: Membership, teams: Iterable[Team]) -> None:
    """Put a member in exactly these teams (of their own organisation). Joining a team
    enrols them in what it was assigned (`receivers.membership_teams_changed`)."""
    teams = list(teams)
    if any(t.organisation_id != membership.organisation_id for t in teams):
        raise ValidationError(_("A member can only join teams of their organisation."))
    membership.teams.set(teams)


def member_teams_change(
    *, membership: Membership, teams: Iterable[Team], by: User
) -> None:
    """A coordinator puts a member in exactly these teams (recorded in the log)."""
    teams = list(teams)
    with transaction.atomic():
        membership_set_teams(membership=membership, teams=teams)
        audit_record(
            action="coordination.teams",
            instance=membership,
            by=by,
            data={"teams": sorted(team.name for team in teams)},
        )


def join_request_notify(*, join_request_id: int) -> int:
    """Tell each coordinator of the organisation, in their language, that someone
    asks to join: once per request (`notified_at` is claimed under a row lock and
    committed first). A mail that fails is logged and not retried: the request waits
    on the members page all the same. Returns the number of mails sent."""
    with transaction.atomic():
        join_request = (
            JoinRequest.objects.select_for_update()
            .select_related("user", "organisation")
            .filter(
                pk=join_request_id,
                status=JoinRequest.Status.PENDING,
                notified_at__isnull=True,
            )
            .first()
        )
        if join_request is None:
            return 0
        join_request.notified_at = timezone.now()
        join_request.save(update_fields=["notified_at"])
    organisation = join_request.organisation
    url = absolute_url(reverse("coordination:members", args=[organisation.pk]))
    sent = 0
    for coordinator in coordinators_of(organisation):
        try:
            mail_person(
                to=coordinator,
                subject=lambda: (
                    _("%(name)s asks to join %(organisation)s")
                    % {"name": join_request.user, "organisation": organisation}
                ),
                template="email/join_request.txt",
                context={
                    "join_request": join_request,
                    "organisation": organisation,
                    "url": url,
                },
            )
        except OSError:
            logger.warning(
                "could not tell coordinator %s of join request %s",
                coordinator.pk,
                join_request.pk,
            )
        else:
            sent += 1
    return sent


def join_requests_notify_pending() -> int:
    """Queue the coordinators' mail of every request whose task was lost (the broker
    was down): pending, not yet told, from a person with a verified address."""
    waiting = list(
        JoinRequest.objects.filter(
            status=JoinRequest.Status.PENDING,
            notified_at__isnull=True,
            user__emailaddress__verified=True,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in waiting:
        task_after_commit("coordination.tasks.send_join_request", pk)
    return len(waiting)


def join_request_decide(
    *, join_request: JoinRequest, by: User, approve: bool
) -> JoinRequest:
    """A coordinator of the organisation approves (the person becomes a learner
    member) or refuses a request to join; the person is mailed either way. A request
    decided already is refused (ValidationError), so a double click decides once."""
    with transaction.atomic():
        locked = (
            JoinRequest.objects.select_for_update()
            .select_related("user", "organisation")
            .get(pk=join_request.pk)
        )
        if locked.status != JoinRequest.Status.PENDING:
            raise ValidationError(_("This request was already decided."))
        if locked.notified_at is None:
            # Not from a verified address yet: it may not even be that person's.
            raise ValidationError(
                _("This request waits for its address to be confirmed.")
            )
        if approve:
            membership_join(user=locked.user, organisation=locked.organisation)
        locked.status = (
            JoinRequest.Status.APPROVED if approve else JoinRequest.Status.REFUSED
        )
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        audit_record(
            action="coordination.join_approve"
            if approve
            else "coordination.join_refuse",
            instance=locked,
            by=by,
        )
        task_after_commit("lms.tasks.send_join_decision", locked.pk)
    return locked


def member_enrol_in_assignments(*, membership: Membership) -> None:
    """Enrol a member in every course assigned to their organisation or teams. Called
    when someone joins an organisation or a team, whatever the way (see
    `receivers`)."""
    team_ids = set(membership.teams.values_list("pk", flat=True))
    assignments = assignments_for_member(
        assignments_of(membership.organisation), team_ids
    ).values()
    enrolments_create(
        user_ids=[membership.user_id], course_ids={a.course_id for a in assignments}
    )


def assignment_create(
    *,
    organisation: Organisation,
    course: CoursePage,
    by: User,
    team: Team | None = None,
    module: ModulePage | None = None,
    mandatory: bool = False,
    due_date: date | None = None,
    requires_follow_up: bool = False,
) -> Assignment:
    """Assign a course (or one of its modules) to the organisation or one team, and
    enrol everyone it applies to. Assigning the same thing to the same people again
    updates the existing assignment instead of adding a second one."""
    errors = {}
    if team is not None and team.organisation_id != organisation.pk:
        errors["team"] = _("Choose a team of your own organisation.")
    if module is not None and not module.path.startswith(course.path):
        errors["module"] = _("Choose a module of the chosen course.")
    if mandatory and due_date is None:
        errors["due_date"] = _("A mandatory assignment needs a due date.")
    if due_date is not None and due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assignment, _created = Assignment.objects.select_for_update().update_or_create(
            organisation=organisation,
            team=team,
            course=course,
            module=module,
            defaults={
                "mandatory": mandatory,
                "due_date": due_date,
                "requires_follow_up": requires_follow_up and module is None,
                "created_by": by,
            },
        )
        members = Membership.objects.filter(organisation=organisation)
        if team is not None:
            members = members.filter(teams=team)
        enrolments_create(
            user_ids=members.values_list("user_id", flat=True), course_ids=[course.pk]
        )
        audit_record(
            action="coordination.assign",
            instance=assignment,
            by=by,
            about=_assignment_label(assignment),
            data=_assignment_data(assignment),
        )
    return assignment


def _assignment_label(assignment: Assignment) -> str:
    team = assignment.team.name if assignment.team else _("everyone")
    return f"{assignment.target.title} → {team}"


def _assignment_data(assignment: Assignment) -> dict:
    return {
        "course_id": assignment.course_id,
        "module_id": assignment.module_id,
        "team_id": assignment.team_id,
        "mandatory": assignment.mandatory,
        "due_date": assignment.due_date.isoformat() if assignment.due_date else None,
    }


def assignment_delete(*, assignment: Assignment, by: User) -> None:
    """Withdraw an assignment. Enrolments and progress stay: learning is never lost."""
    with transaction.atomic():
        audit_record(
            action="coordination.unassign",
            instance=assignment,
            by=by,
            about=_assignment_label(assignment),
            data=_assignment_data(assignment),
        )
        assignment.delete()


def follow_up_plan(
    *,
    organisation: Organisation,
    course: CoursePage,
    by: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    registration_deadline: datetime,
    capacity: int,
    team: Team | None = None,
    place: str = "",
    online_url: str = "",
) -> TrainingSession:
    """Plan a follow-up moment ("terugkommoment") of `course` for the organisation or
    one team. Only those members may register. The coordinator who plans it runs it, so
    they mark attendance on the trainer's page; attendance counts toward an assignment
    that asks for a follow-up moment.

    It goes ahead with one participant: a follow-up moment has no minimum group size.
    """
    session = TrainingSession(
        kind=TrainingSession.Kind.FOLLOW_UP,
        title=title,
        course=course,
        organisation=organisation,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        registration_deadline=registration_deadline,
        capacity=capacity,
        minimum=1,
        place=place,
        online_url=online_url,
    )
    session.full_clean()
    with transaction.atomic():
        session.save()
        session.trainers.add(by)
    return session
