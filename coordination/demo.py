"""Demo content for coordinators: two municipalities with teams, members in several
states of progress, assignments (one mandatory and overdue) and a follow-up moment;
consent in both directions (a request to join Mechelen waiting for its coordinator,
Herzele's invitation waiting for the demo learner's answer) and the people log.

Called by `demo.services.load_demo` once the courses and accounts exist; every step is
get-or-create, so loading the demo again changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from audit.services import audit_record
from courses.demo import DEMO_PASSWORD
from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import enrolment_create, section_progress_record
from forums.models import Forum, Thread
from forums.selectors import viewer_for
from forums.services import thread_create
from lms.models import JoinRequest, Membership, Organisation, Team, User
from quizzes.demo import demo_complete_course
from training.models import Registration, TrainingSession

from .invitations import invitation_create
from .models import Assignment, Invitation

# (organisation, team, first name, last name, course, progress)
# progress: "done" completes the course, a number opens that many lessons, 0 nothing.
MEMBERS = [
    ("Stad Mechelen", "Onthaal", "Lotte", "Peeters", "connectoo", None),  # demo learner
    ("Stad Mechelen", "Onthaal", "Hanne", "Vermeulen", "connectoo", "done"),
    ("Stad Mechelen", "Onthaal", "Youssef", "Benali", "connectoo", 6),
    ("Stad Mechelen", "Sociaal huis", "Marleen", "Goossens", "connectoo", 2),
    ("Stad Mechelen", "Sociaal huis", "Kevin", "Mertens", "connectoo", 0),
    ("Stad Mechelen", "Sociaal huis", "Sarah", "Jacobs", "connectoo", "done"),
    ("Stad Mechelen", "Burgerzaken", "Pieter", "Willems", "connectoo-plus", 0),
    ("Stad Mechelen", "Burgerzaken", "Nadia", "Aerts", "connectoo-plus", 2),
    ("Gemeente Herzele", "Onthaal", "Bart", "De Vos", "connectoo", "done"),
    ("Gemeente Herzele", "Onthaal", "Ilse", "Van Damme", "connectoo", 3),
    ("Gemeente Herzele", "Bibliotheek", "Tom", "Claeys", "connectoo", 0),
    ("Gemeente Herzele", "Bibliotheek", "Eva", "De Clercq", "connectoo-plus", 1),
]
LEARNER_EMAIL = "leerling@demo.digitaalmeedoen.be"
DIGIHELPER_EMAIL = "digihelper@demo.digitaalmeedoen.be"
COORDINATORS = {
    "Stad Mechelen": "coordinator@demo.digitaalmeedoen.be",
    "Gemeente Herzele": "coordinator.herzele@demo.digitaalmeedoen.be",
}


def _member(organisation: Organisation, first: str, last: str) -> User:
    if (first, last) == ("Lotte", "Peeters"):
        return User.objects.get(email=LEARNER_EMAIL)
    slug = f"{first}.{last}".lower().replace(" ", "")
    email = f"{slug}@{organisation.name.split()[-1].lower()}.demo.digitaalmeedoen.be"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            preferred_language="nl",
        )
    return user


def _complete(user: User, course: CoursePage) -> None:
    """Everything done, including the forum question a module asks for."""
    enrolment_create(user=user, course=course)
    viewer = viewer_for(user)
    for module in ModulePage.objects.child_of(course).filter(requires_forum_post=True):
        forum = Forum.objects.get(module=module)
        if not forum.threads.filter(author=user).exists():
            thread_create(
                viewer=viewer,
                forum=forum,
                title="Hoe leg ik dit het best uit aan de balie?",
                kind=Thread.Kind.QUESTION,
                source="Ik oefen dit met collega's. Hebben jullie nog tips?",
            )
    demo_complete_course(user, course)


def _open_lessons(user: User, course: CoursePage, count: int) -> None:
    enrolment_create(user=user, course=course)
    lessons = LessonPage.objects.live().descendant_of(course).order_by("path")
    for lesson in lessons[:count]:
        for section_id in lesson.section_ids:
            section_progress_record(user=user, lesson=lesson, section_id=section_id)


def _assign(
    organisation: Organisation,
    course: CoursePage,
    *,
    team: Team | None = None,
    module=None,
    due_in_days: int | None = None,
    assigned_days_ago: int = 21,
    requires_follow_up: bool = False,
) -> Assignment:
    """An assignment as a coordinator made it weeks ago (written directly, because the
    service rightly refuses a due date in the past)."""
    assignment, created = Assignment.objects.get_or_create(
        organisation=organisation,
        team=team,
        course=course,
        module=module,
        defaults={
            "mandatory": due_in_days is not None,
            "due_date": (
                timezone.localdate() + timedelta(days=due_in_days)
                if due_in_days is not None
                else None
            ),
            "requires_follow_up": requires_follow_up,
        },
    )
    if created:
        Assignment.objects.filter(pk=assignment.pk).update(
            created_at=timezone.now() - timedelta(days=assigned_days_ago)
        )
        audit_record(
            action="coordination.assign",
            instance=assignment,
            by=User.objects.get(email=COORDINATORS[organisation.name]),
            about=assignment.target.title,
        )
    return assignment


def load_demo_coordination(courses: list[CoursePage]) -> None:
    by_slug = {course.slug: course for course in courses}
    connectoo, plus = by_slug["connectoo"], by_slug["connectoo-plus"]
    organisations = {o.name: o for o in Organisation.objects.all()}
    mechelen, herzele = (
        organisations["Stad Mechelen"],
        organisations["Gemeente Herzele"],
    )
    teams = {}
    for org_name, team_name, *_rest in MEMBERS:
        organisation = organisations[org_name]
        teams[org_name, team_name], _ = Team.objects.get_or_create(
            organisation=organisation, name=team_name
        )
    # Mechelen: Connectoo for the reception and the social house (with a follow-up
    # moment for the reception), Connectoo+ mandatory and overdue for the social house,
    # and one Connectoo+ module recommended to the population counter.
    _assign(
        mechelen,
        connectoo,
        team=teams["Stad Mechelen", "Onthaal"],
        due_in_days=45,
        requires_follow_up=True,
    )
    _assign(
        mechelen, connectoo, team=teams["Stad Mechelen", "Sociaal huis"], due_in_days=45
    )
    _assign(
        mechelen,
        plus,
        team=teams["Stad Mechelen", "Sociaal huis"],
        due_in_days=-14,
        assigned_days_ago=60,
    )
    _assign(
        mechelen,
        plus,
        team=teams["Stad Mechelen", "Burgerzaken"],
        module=plus.get_children().live().order_by("path").first().specific,
    )
    # Herzele: Connectoo mandatory for everyone, Connectoo+ voluntary.
    _assign(herzele, connectoo, due_in_days=60)
    _assign(herzele, plus)

    for org_name, team_name, first, last, course_slug, progress in MEMBERS:
        organisation = organisations[org_name]
        user = _member(organisation, first, last)
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=organisation
        )
        membership.teams.add(teams[org_name, team_name])  # enrols in its assignments
        if progress == "done":
            _complete(user, by_slug[course_slug])
        elif progress:
            _open_lessons(user, by_slug[course_slug], progress)
    _follow_up(mechelen, teams["Stad Mechelen", "Onthaal"], connectoo)
    _consent(mechelen, herzele, teams["Gemeente Herzele", "Onthaal"])


def _consent(mechelen: Organisation, herzele: Organisation, team: Team) -> None:
    """Mechelen's staff join by their own address; the demo digihelper asked to join
    Mechelen and waits for its coordinator; Herzele invited the demo learner, who
    already has an account and has not answered yet."""
    if not mechelen.join_domains:
        mechelen.join_domains = "mechelen.be"
        mechelen.save(update_fields=["join_domains"])
    digihelper = User.objects.get(email=DIGIHELPER_EMAIL)
    JoinRequest.objects.get_or_create(
        user=digihelper,
        organisation=mechelen,
        status=JoinRequest.Status.PENDING,
        defaults={"notified_at": timezone.now()},
    )
    learner = User.objects.get(email=LEARNER_EMAIL)
    answered_or_open = Invitation.objects.filter(
        organisation=herzele, email=learner.email
    )
    if not answered_or_open.exists():
        invitation_create(
            organisation=herzele,
            email=learner.email,
            first_name=learner.first_name,
            last_name=learner.last_name,
            role=Membership.Role.LEARNER,
            teams=[team],
            by=User.objects.get(email=COORDINATORS["Gemeente Herzele"]),
        )


def _follow_up(organisation: Organisation, team: Team, course: CoursePage) -> None:
    """A follow-up moment of the reception team two weeks ago, which Hanne attended
    (so her Connectoo counts as completed for Mechelen), and the next one planned."""
    coordinator = User.objects.get(email="coordinator@demo.digitaalmeedoen.be")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for title, start in [
        ("Terugkommoment Onthaal (voorjaar)", now - timedelta(days=14)),
        ("Terugkommoment Onthaal (najaar)", now + timedelta(days=21)),
    ]:
        session, created = TrainingSession.objects.get_or_create(
            title=title,
            organisation=organisation,
            defaults={
                "kind": TrainingSession.Kind.FOLLOW_UP,
                "course": course,
                "team": team,
                "starts_at": start,
                "ends_at": start + timedelta(hours=2),
                "registration_deadline": start - timedelta(days=2),
                "place": "Stadhuis Mechelen, vergaderzaal 2",
                "capacity": 12,
                "minimum": 1,
                "status": (
                    TrainingSession.Status.CONFIRMED
                    if start < now
                    else TrainingSession.Status.PLANNED
                ),
            },
        )
        if created:
            session.trainers.add(coordinator)
    past = TrainingSession.objects.get(
        title="Terugkommoment Onthaal (voorjaar)", organisation=organisation
    )
    hanne = User.objects.get(email="hanne.vermeulen@mechelen.demo.digitaalmeedoen.be")
    Registration.objects.get_or_create(
        session=past,
        user=hanne,
        defaults={"status": Registration.Status.CONFIRMED, "attended": True},
    )
