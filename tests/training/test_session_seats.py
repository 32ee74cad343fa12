"""A freed seat goes to the first on the waiting list whatever freed it: a cancellation,
the participant's account deleted (CASCADE), or the participant leaving the
organisation the session is for. All go through `session_fill_seats`."""

import logging
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from lms.models import User
from lms.roles import ROLES
from lms.services import membership_leave
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    TrainingSessionFactory,
    UserFactory,
)
from training.models import Registration, TrainingSession
from training.sessions import services

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = (
    Registration.Status.CONFIRMED,
    Registration.Status.WAITING,
    Registration.Status.CANCELLED,
)


def _full_session(*, holder=None, members=UserFactory, **kwargs):
    """A session of one seat, taken by `holder`, with two people waiting: (session,
    holder's registration, first in line, second in line). `members()` makes each
    person."""
    session = TrainingSessionFactory(capacity=1, minimum=1, kind="follow_up", **kwargs)
    people = [holder or members(), members(), members()]
    registrations = [
        services.registration_create(session=session, user=person) for person in people
    ]
    return session, *registrations


def _statuses(*registrations):
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def _mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def cancel_subjects(django_capture_on_commit_callbacks):
    """The subjects of the mails `registration_cancel` sends, for a session with the
    same title: {"cancelled": to its holder, "promoted": to the first in line}. Its
    mails are taken out of the outbox again."""

    def subjects(session):
        _, holder, first, _ = _full_session(title=session.title)
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_cancel(registration=holder)
        cancelled, promoted = sorted(
            mail.outbox[sent:], key=lambda m: m.to != [holder.user.email]
        )
        assert (cancelled.to, promoted.to) == ([holder.user.email], [first.user.email])
        del mail.outbox[sent:]
        return {"cancelled": cancelled.subject, "promoted": promoted.subject}

    return subjects


@pytest.fixture(autouse=True)
def no_errors_after_commit(caplog):
    """The receivers' after-commit work is `robust`: an error is logged, not raised,
    so every test checks that nothing failed there."""
    yield
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# --- Cancelling ------------------------------------------------------------------


def test_cancelling_promotes_the_first_in_line_with_the_promotion_mail(
    django_capture_on_commit_callbacks,
):
    session, holder, first, second = _full_session()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=holder)
    assert promoted.pk == first.pk
    assert _statuses(holder, first, second) == [CANCELLED, CONFIRMED, WAITING]
    assert Registration.objects.get(pk=first.pk).promoted_at is not None
    (promoted_mail,) = _mails_to(first.user)
    assert session.title in promoted_mail.subject
    assert len(_mails_to(holder.user)) == 1  # the cancellation
    assert _mails_to(second.user) == []


def test_filling_gives_every_free_seat_first_in_first_out_and_only_once(
    django_capture_on_commit_callbacks,
):
    session, _, first, second = _full_session()
    third = services.registration_create(session=session, user=UserFactory())
    TrainingSession.objects.filter(pk=session.pk).update(capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.session_fill_seats(session=session)
    assert [r.pk for r in promoted] == [first.pk, second.pk]
    assert _statuses(first, second, third) == [CONFIRMED, CONFIRMED, WAITING]
    assert len(mail.outbox) == 2
    assert services.session_fill_seats(session=session) == []


def test_filling_promotes_nobody_in_a_cancelled_session():
    session, _, first, _ = _full_session()
    TrainingSession.objects.filter(pk=session.pk).update(
        capacity=2, status=TrainingSession.Status.CANCELLED
    )
    assert services.session_fill_seats(session=session) == []
    assert _statuses(first) == [WAITING]


# --- The participant's account deleted --------------------------------------------


def test_deleting_a_participant_gives_their_seat_to_the_first_in_line(
    django_capture_on_commit_callbacks, cancel_subjects
):
    session, holder, first, second = _full_session()
    expected = cancel_subjects(session)
    with django_capture_on_commit_callbacks(execute=True):
        holder.user.delete()
    assert not Registration.objects.filter(pk=holder.pk).exists()
    assert _statuses(first, second) == [CONFIRMED, WAITING]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([first.user.email], expected["promoted"])
    ]


def test_a_deletion_inside_a_transaction_promotes_after_its_commit(
    django_capture_on_commit_callbacks,
):
    _, holder, first, _ = _full_session()
    # As the account erasure does: the deletion is one step of a larger transaction.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        holder.user.delete()
        assert _statuses(first) == [WAITING]  # not before the commit
    assert _statuses(first) == [CONFIRMED]
    assert len(_mails_to(first.user)) == 1


def test_a_deletion_that_is_rolled_back_promotes_nobody(
    django_capture_on_commit_callbacks,
):
    _, holder, first, _ = _full_session()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        holder.user.delete()
        raise RuntimeError("the erasure failed further on")
    assert callbacks == []
    assert User.objects.filter(pk=holder.user_id).exists()
    assert _statuses(holder, first) == [CONFIRMED, WAITING]
    assert mail.outbox == []


def test_deleting_someone_with_several_seats_fills_each_of_them(
    django_capture_on_commit_callbacks,
):
    person = UserFactory()
    lines = [_full_session(holder=person) for _ in range(3)]
    _, *full = _full_session()  # where they only wait
    assert (
        services.registration_create(session=full[0].session, user=person).status
        == WAITING
    )
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    for _, _, first, second in lines:
        assert _statuses(first, second) == [CONFIRMED, WAITING]
    assert _statuses(*full) == [CONFIRMED, WAITING, WAITING]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        first.user.email for _, _, first, _ in lines
    )


def test_deleting_someone_who_waits_promotes_nobody(
    django_capture_on_commit_callbacks,
):
    _, holder, first, second = _full_session()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first.user.delete()
    # Nothing queued, apart from the cached roles following the deleted account.
    assert [c for c in callbacks if getattr(c, "__self__", None) is not ROLES] == []
    assert _statuses(holder, second) == [CONFIRMED, WAITING]
    assert mail.outbox == []


@pytest.mark.parametrize("change", ["started", "cancelled"])
def test_nobody_is_promoted_once_the_session_started_or_when_it_is_cancelled(
    django_capture_on_commit_callbacks, change
):
    session, holder, first, _ = _full_session()
    now = timezone.now()
    if change == "started":
        TrainingSession.objects.filter(pk=session.pk).update(
            registration_deadline=now - timedelta(hours=2),
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=2),
        )
    else:
        TrainingSession.objects.filter(pk=session.pk).update(
            status=TrainingSession.Status.CANCELLED
        )
    with django_capture_on_commit_callbacks(execute=True):
        holder.user.delete()
    assert _statuses(first) == [WAITING]
    assert mail.outbox == []


def test_deleting_a_session_with_its_registrations_fills_nothing(
    django_capture_on_commit_callbacks,
):
    session, *_ = _full_session()
    with django_capture_on_commit_callbacks(execute=True):
        session.delete()
    assert not Registration.objects.exists()
    assert mail.outbox == []


# --- The participant leaves the organisation ---------------------------------------


def test_leaving_the_organisation_ends_the_seat_in_its_session(
    django_capture_on_commit_callbacks, cancel_subjects
):
    organisation = OrganisationFactory()
    session, holder, first, second = _full_session(
        members=lambda: MembershipFactory(organisation=organisation).user,
        organisation=organisation,
    )
    expected = cancel_subjects(session)
    with django_capture_on_commit_callbacks(execute=True):
        membership_leave(membership=holder.user.memberships.get())
    assert _statuses(holder, first, second) == [CANCELLED, CONFIRMED, WAITING]
    assert sorted((m.to, m.subject) for m in mail.outbox) == sorted(
        [
            ([holder.user.email], expected["cancelled"]),
            ([first.user.email], expected["promoted"]),
        ]
    )


def test_leaving_the_organisation_ends_the_seat_in_a_session_of_its_team(
    django_capture_on_commit_callbacks, cancel_subjects
):
    team = TeamFactory()

    def team_member():
        membership = MembershipFactory(organisation=team.organisation)
        membership.teams.add(team)
        return membership.user

    session, holder, first, second = _full_session(
        members=team_member, organisation=team.organisation, team=team
    )
    expected = cancel_subjects(session)
    with django_capture_on_commit_callbacks(execute=True):
        holder.user.memberships.get().delete()  # an admin removes them
    assert _statuses(holder, first, second) == [CANCELLED, CONFIRMED, WAITING]
    assert sorted((m.to, m.subject) for m in mail.outbox) == sorted(
        [
            ([holder.user.email], expected["cancelled"]),
            ([first.user.email], expected["promoted"]),
        ]
    )


def test_leaving_the_organisation_also_ends_a_place_on_its_waiting_list(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory()
    _, holder, first, second = _full_session(
        members=lambda: MembershipFactory(organisation=organisation).user,
        organisation=organisation,
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership_leave(membership=first.user.memberships.get())
    assert _statuses(holder, first, second) == [CONFIRMED, CANCELLED, WAITING]
    assert [m.to for m in mail.outbox] == [[first.user.email]]


def test_leaving_an_organisation_keeps_sessions_open_to_everyone_and_of_others(
    django_capture_on_commit_callbacks,
):
    left, other = OrganisationFactory(), OrganisationFactory()
    person = UserFactory()
    membership = MembershipFactory(user=person, organisation=left)
    MembershipFactory(user=person, organisation=other)
    open_session = TrainingSessionFactory(capacity=1, minimum=1, kind="follow_up")
    other_session = TrainingSessionFactory(
        capacity=1, minimum=1, kind="follow_up", organisation=other
    )
    kept = [
        services.registration_create(session=s, user=person)
        for s in (open_session, other_session)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        membership_leave(membership=membership)
    assert _statuses(*kept) == [CONFIRMED, CONFIRMED]
    assert mail.outbox == []


def test_leaving_after_the_session_started_keeps_the_registration(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory()
    session, holder, first, _ = _full_session(
        members=lambda: MembershipFactory(organisation=organisation).user,
        organisation=organisation,
    )
    now = timezone.now()
    TrainingSession.objects.filter(pk=session.pk).update(
        registration_deadline=now - timedelta(hours=2),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership_leave(membership=holder.user.memberships.get())
    assert _statuses(holder, first) == [CONFIRMED, WAITING]
    assert mail.outbox == []


def test_deleting_a_member_with_a_seat_in_their_organisations_session(
    django_capture_on_commit_callbacks,
):
    """The membership goes with the user: the seat is filled once, and the person
    who is gone gets no mail."""
    organisation = OrganisationFactory()
    _, holder, first, second = _full_session(
        members=lambda: MembershipFactory(organisation=organisation).user,
        organisation=organisation,
    )
    with django_capture_on_commit_callbacks(execute=True):
        holder.user.delete()
    assert _statuses(first, second) == [CONFIRMED, WAITING]
    assert [m.to for m in mail.outbox] == [[first.user.email]]


# --- Races, with PostgreSQL's row locks (see test_session_services) ----------------


@pytest.mark.django_db(transaction=True)
def test_two_participants_deleted_at_once_free_two_seats_for_the_first_two(
    cancel_subjects,
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI)")
    session = TrainingSessionFactory(capacity=2, minimum=1, kind="follow_up")
    expected = cancel_subjects(session)
    holders = [
        services.registration_create(session=session, user=UserFactory())
        for _ in range(2)
    ]
    waiting = [
        services.registration_create(session=session, user=UserFactory())
        for _ in range(3)
    ]
    barrier, errors = threading.Barrier(2), []

    def delete(user):
        barrier.wait()
        try:
            user.delete()  # commits, then fills the seat after the commit
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=delete, args=(h.user,)) for h in holders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _statuses(*waiting) == [CONFIRMED, CONFIRMED, WAITING]
    promoted = [m.to[0] for m in mail.outbox if m.subject == expected["promoted"]]
    assert sorted(promoted) == sorted(r.user.email for r in waiting[:2])
