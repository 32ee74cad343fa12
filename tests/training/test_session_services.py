"""Registrations, the waiting list, go/no-go, attendance and requests."""

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.utils import timezone
from hypothesis import settings as hypothesis_settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from hypothesis.strategies import integers

from courses.models import CourseCompletion, LessonPage
from courses.selectors import course_state
from courses.services import enrolment_create, section_progress_record
from lms.models import Membership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TrainingSessionFactory,
    UserFactory,
    build_course,
)
from training.models import Registration, TrainingSession
from training.sessions import services

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING = Registration.Status.CONFIRMED, Registration.Status.WAITING


def _register(session, user=None):
    return services.registration_create(session=session, user=user or UserFactory())


def test_the_thirteenth_person_joins_the_waiting_list():
    session = TrainingSessionFactory(capacity=12)
    registrations = [_register(session) for _ in range(13)]
    assert [r.status for r in registrations] == [CONFIRMED] * 12 + [WAITING]


def test_registering_twice_keeps_one_registration():
    session, user = TrainingSessionFactory(), UserFactory()
    assert _register(session, user).pk == _register(session, user).pk


def test_cancelling_promotes_the_first_in_line_at_once_and_mails_both(
    django_capture_on_commit_callbacks,
):
    session = TrainingSessionFactory(capacity=1, minimum=1, kind="follow_up")
    with django_capture_on_commit_callbacks(execute=True):
        holder = _register(session)
        first = _register(session)
        second = _register(session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=holder)
    assert promoted.pk == first.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (CONFIRMED, WAITING)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [holder.user.email, first.user.email]
    )
    promoted_mail = next(m for m in mail.outbox if m.to == [first.user.email])
    assert session.title in promoted_mail.subject
    assert "/sessies/" in promoted_mail.body


def test_nobody_is_promoted_after_the_session_started():
    session = TrainingSessionFactory(capacity=1, minimum=1, kind="follow_up")
    holder, waiting = _register(session), _register(session)
    services.registration_cancel(
        registration=holder, now=session.starts_at + timedelta(minutes=1)
    )
    waiting.refresh_from_db()
    assert waiting.status == WAITING


def test_registration_closes_at_the_deadline_and_for_cancelled_sessions():
    session = TrainingSessionFactory()
    with pytest.raises(ValidationError):
        services.registration_create(
            session=session, user=UserFactory(), now=session.registration_deadline
        )
    session.status = TrainingSession.Status.CANCELLED
    session.save()
    with pytest.raises(ValidationError):
        _register(session)


def test_a_session_for_one_organisation_takes_only_its_members():
    organisation = OrganisationFactory()
    session = TrainingSessionFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        _register(session)
    member = MembershipFactory(organisation=organisation).user
    assert _register(session, member).status == CONFIRMED


def test_go_no_go_at_the_deadline_confirms_or_cancels_and_tells_everyone(
    django_capture_on_commit_callbacks,
):
    full = TrainingSessionFactory(capacity=14)
    short = TrainingSessionFactory(capacity=14)
    for _ in range(12):
        _register(full)
    for _ in range(5):
        _register(short)
    empty = TrainingSessionFactory()
    at = empty.registration_deadline  # the last of the three deadlines
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sessions_decide(now=at) == 3
    full.refresh_from_db()
    short.refresh_from_db()
    empty.refresh_from_db()
    assert full.status == TrainingSession.Status.CONFIRMED
    assert short.status == TrainingSession.Status.CANCELLED
    assert empty.status == TrainingSession.Status.CANCELLED  # nobody registered
    assert len(mail.outbox) == 17
    assert services.sessions_decide(now=at + timedelta(hours=1)) == 0


def test_a_session_is_not_decided_before_its_deadline():
    session = TrainingSessionFactory()
    assert (
        services.sessions_decide(now=session.registration_deadline - timedelta(1)) == 0
    )
    session.refresh_from_db()
    assert session.status == TrainingSession.Status.PLANNED


def test_a_digihelper_training_needs_twelve():
    session = TrainingSessionFactory.build(minimum=8)
    with pytest.raises(ValidationError):
        session.full_clean(exclude=["course"])


def test_attending_the_session_completes_a_course_that_requires_it():
    course = build_course(modules=1, lessons=1, sections=1)
    course.requires_attendance = True
    course.save()
    trainer = MembershipFactory(role=Membership.Role.TRAINER).user
    session = TrainingSessionFactory(
        course=course, kind="train_the_trainer", trainers=[trainer]
    )
    present, absent = _register(session), _register(session)
    learner = present.user
    enrolment_create(user=learner, course=course)
    for lesson in LessonPage.objects.descendant_of(course):
        for section_id in lesson.section_ids:
            section_progress_record(user=learner, lesson=lesson, section_id=section_id)
    state = course_state(course, learner)
    assert not state.complete
    assert (
        state.missing
        == ["Woon een sessie van deze opleiding bij; je trainer duidt aan wie er was."]
        or len(state.missing) == 1
    )
    with pytest.raises(ValidationError):  # not before it begins
        services.attendance_record(
            session=session, trainer=trainer, present={present.pk}
        )
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            session=session,
            trainer=UserFactory(),
            present={present.pk},
            now=session.starts_at,
        )
    count = services.attendance_record(
        session=session, trainer=trainer, present={present.pk}, now=session.starts_at
    )
    assert count == 1
    absent.refresh_from_db()
    assert absent.attended is False
    assert course_state(course, learner).complete
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()
    assert not course_state(course, absent.user).attended


def test_a_request_below_twelve_is_refused_with_a_clear_message():
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR)
    kwargs = {
        "user": coordinator.user,
        "organisation": coordinator.organisation,
        "earliest": date(2027, 1, 10),
        "latest": date(2027, 2, 10),
        "place": "Raadzaal",
    }
    with pytest.raises(ValidationError) as refused:
        services.training_request_create(participants=9, **kwargs)
    assert "12" in refused.value.messages[0] and "9" in refused.value.messages[0]
    request = services.training_request_create(participants=15, **kwargs)
    assert request.participants == 15
    learner = MembershipFactory(organisation=coordinator.organisation).user
    with pytest.raises(PermissionDenied):
        services.training_request_create(participants=15, **{**kwargs, "user": learner})


# --- Any sequence of register / cancel / start keeps the invariants ------------------


class SessionMachine(RuleBasedStateMachine):
    """Registers, cancels and lets time pass in any order, checking after each step:
    confirmed ≤ capacity; the waiting list in arrival order; nobody promoted after the
    start; a seat freed before the start goes to the first in line."""

    @initialize(capacity=integers(min_value=1, max_value=4))
    def setup(self, capacity):
        self.session = TrainingSessionFactory(
            capacity=capacity, minimum=1, kind="follow_up"
        )
        self.people = [UserFactory() for _ in range(7)]
        self.now = timezone.now()
        self.started = False
        self.expected_waiting: list[int] = []  # user ids, in arrival order

    def _active(self, user):
        return (
            self.session.registrations.filter(user=user)
            .exclude(status="cancelled")
            .first()
        )

    @precondition(lambda self: not self.started)
    @rule(person=integers(min_value=0, max_value=6))
    def register(self, person):
        user = self.people[person]
        already = self._active(user)
        registration = services.registration_create(
            session=self.session, user=user, now=self.now
        )
        if already is None and registration.status == WAITING:
            self.expected_waiting.append(user.pk)

    @rule(person=integers(min_value=0, max_value=6))
    def cancel(self, person):
        registration = self._active(self.people[person])
        if registration is None:
            return
        first_in_line = self.expected_waiting[0] if self.expected_waiting else None
        was_confirmed = registration.status == CONFIRMED
        if registration.status == WAITING:
            self.expected_waiting.remove(registration.user_id)
        promoted = services.registration_cancel(registration=registration, now=self.now)
        if was_confirmed and not self.started and first_in_line is not None:
            assert promoted is not None and promoted.user_id == first_in_line
            self.expected_waiting.pop(0)
        else:
            assert promoted is None

    @precondition(lambda self: not self.started)
    @rule()
    def start(self):
        self.started = True
        self.now = self.session.starts_at + timedelta(minutes=1)

    @invariant()
    def seats_within_capacity(self):
        confirmed = self.session.registrations.filter(status=CONFIRMED).count()
        assert confirmed <= self.session.capacity

    @invariant()
    def waiting_list_in_arrival_order(self):
        waiting = list(
            self.session.registrations.filter(status=WAITING)
            .order_by("registered_at", "pk")
            .values_list("user_id", flat=True)
        )
        assert waiting == self.expected_waiting

    @invariant()
    def no_promotion_after_start(self):
        late = self.session.registrations.filter(
            promoted_at__gte=self.session.starts_at
        )
        assert not late.exists()

    @invariant()
    def free_seats_leave_nobody_waiting_before_start(self):
        if self.started:
            return
        confirmed = self.session.registrations.filter(status=CONFIRMED).count()
        if confirmed < self.session.capacity:
            assert not self.expected_waiting


def test_any_sequence_of_register_cancel_start_keeps_the_invariants(db):
    machine = SessionMachine.TestCase
    machine.settings = hypothesis_settings(
        max_examples=40, stateful_step_count=25, deadline=None
    )
    machine().runTest()


# --- Races, with PostgreSQL's row locks ------------------------------------------


def _at_once(function, arguments):
    barrier = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        barrier.wait()
        try:
            function(argument)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_the_last_seat_goes_to_one_of_two_people_registering_at_once():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI)")
    for _ in range(5):
        session = TrainingSessionFactory(capacity=3, minimum=1, kind="follow_up")
        for _ in range(2):
            _register(session)
        people = [UserFactory(), UserFactory()]
        _at_once(lambda user, s=session: _register(s, user), people)
        statuses = sorted(session.registrations.values_list("status", flat=True))
        assert statuses == [CONFIRMED] * 3 + [WAITING]


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_promote_the_first_two_in_line_once_each():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI)")
    session = TrainingSessionFactory(capacity=2, minimum=1, kind="follow_up")
    holders = [_register(session), _register(session)]
    waiting = [_register(session) for _ in range(3)]
    _at_once(lambda r: services.registration_cancel(registration=r), holders)
    by_user = dict(session.registrations.values_list("user_id", "status"))
    assert [by_user[r.user_id] for r in waiting] == [CONFIRMED, CONFIRMED, WAITING]
    assert CourseCompletion.objects.count() == 0
