"""Session pages: register and cancel, the calendar file, the trainer's pages and the
coordinators' request form; who may open what."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.models import Membership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TrainingSessionFactory,
    UserFactory,
)
from training.models import Registration, TrainingRequest, TrainingSession
from training.sessions.services import registration_create

pytestmark = pytest.mark.django_db

# The session list: one query for the sessions with their counts and the viewer's
# places, one for the viewer's registrations, the rest is the log-in session, the
# user, their roles and what the base page asks (site, menu). Measured: 11.
SESSION_LIST_QUERIES = 11


def _login(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


def test_registering_and_cancelling_through_the_page(client):
    session = TrainingSessionFactory(capacity=1, minimum=1, kind="follow_up")
    first = _login(client)
    client.post(reverse("training:session_register", args=[session.pk]))
    second = _login(client)
    client.post(reverse("training:session_register", args=[session.pk]))
    html = client.get(reverse("training:session_detail", args=[session.pk])).content
    assert "Je staat 1e op de wachtlijst." in html.decode()
    _login(client, first)
    client.post(reverse("training:session_cancel", args=[session.pk]))
    statuses = dict(session.registrations.values_list("user_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed"}


def test_a_session_of_another_organisation_is_404(client):
    session = TrainingSessionFactory(organisation=OrganisationFactory())
    _login(client)
    for url in (
        reverse("training:session_detail", args=[session.pk]),
        reverse("training:session_ics", args=[session.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("training:session_register", args=[session.pk])).status_code
        == 404
    )
    assert not Registration.objects.exists()


def test_session_posts_need_a_csrf_token():
    session = TrainingSessionFactory()
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(UserFactory())
    for name in ("training:session_register", "training:session_cancel"):
        assert client.post(reverse(name, args=[session.pk])).status_code == 403


def test_the_calendar_file_describes_the_session(client):
    session = TrainingSessionFactory(title="Digihelpers; dag 1, Gent")
    _login(client)
    response = client.get(reverse("training:session_ics", args=[session.pk]))
    assert response["Content-Type"] == "text/calendar"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Digihelpers\\; dag 1\\, Gent\r\n" in text
    assert f"UID:session-{session.pk}@" in text
    assert "DTSTART:" + session.starts_at.strftime("%Y%m%dT%H%M") in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_trainer_pages_are_404_for_learners_and_other_trainers(client):
    trainer = MembershipFactory(role=Membership.Role.TRAINER).user
    session = TrainingSessionFactory(trainers=[trainer])
    urls = [
        reverse("training:trainer_session", args=[session.pk]),
        reverse("training:trainer_session_csv", args=[session.pk]),
    ]
    _login(client)
    assert client.get(reverse("training:trainer_dashboard")).status_code == 404
    for url in urls:
        assert client.get(url).status_code == 404
    _login(client, MembershipFactory(role=Membership.Role.TRAINER).user)
    assert client.get(reverse("training:trainer_dashboard")).status_code == 200
    for url in urls:
        assert client.get(url).status_code == 404
    _login(client, trainer)
    for url in urls:
        assert client.get(url).status_code == 200


def test_the_participant_list_csv_is_safe_for_spreadsheets(client):
    trainer = MembershipFactory(role=Membership.Role.TRAINER).user
    session = TrainingSessionFactory(trainers=[trainer], capacity=1, minimum=1,
                                     kind="follow_up")  # fmt: skip
    for name in ("=HYPERLINK(1)", "Ann"):
        user = UserFactory(first_name=name)
        Registration.objects.create(
            session=session,
            user=user,
            status="confirmed" if name != "Ann" else "waiting",
        )
    _login(client, trainer)
    text = client.get(reverse("training:trainer_session_csv", args=[session.pk]))
    lines = text.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("'=HYPERLINK(1);")
    assert lines[2].startswith("Ann;")


def test_the_trainer_marks_attendance_after_the_start(client):
    trainer = MembershipFactory(role=Membership.Role.TRAINER).user
    session = TrainingSessionFactory(trainers=[trainer])
    registration = Registration.objects.create(
        session=session, user=UserFactory(), status="confirmed"
    )
    _login(client, trainer)
    url = reverse("training:trainer_session", args=[session.pk])
    client.post(url, {"present": [registration.pk]})
    registration.refresh_from_db()
    assert registration.attended is None  # the session has not begun
    now = timezone.now()
    TrainingSession.objects.filter(pk=session.pk).update(
        registration_deadline=now - timedelta(days=1),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
    )
    client.post(url, {"present": [registration.pk]})
    registration.refresh_from_db()
    assert registration.attended is True


def test_a_coordinator_requests_a_training_and_below_twelve_is_refused(client):
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR)
    _login(client, coordinator.user)
    url = reverse("training:session_request")
    data = {
        "organisation": coordinator.organisation.pk,
        "earliest": "2027-03-01",
        "latest": "2027-04-30",
        "place": "Raadzaal, Markt 1",
        "participants": "8",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "12" in html and "Raadzaal, Markt 1" in html  # explained, input kept
    assert not TrainingRequest.objects.exists()
    client.post(url, {**data, "participants": "14"})
    assert TrainingRequest.objects.get().participants == 14


def test_the_request_form_is_for_coordinators_only(client):
    _login(client, MembershipFactory().user)
    assert client.get(reverse("training:session_request")).status_code == 404


def full_session(*, waiting: int = 0, **fields) -> TrainingSession:
    """A follow-up session whose single seat is taken, with `waiting` people in line."""
    session = TrainingSessionFactory(capacity=1, minimum=1, kind="follow_up", **fields)
    for _ in range(1 + waiting):
        registration_create(session=session, user=UserFactory())
    return session


def page_text(response) -> str:
    """The page's words without tags, white space folded: what a reader sees."""
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_full_session_says_registering_means_the_waiting_list(client):
    session = full_session()
    _login(client)
    detail = reverse("training:session_detail", args=[session.pk])
    for url in (reverse("training:session_list"), detail):
        text = page_text(client.get(url))
        assert "Inschrijvingen open" not in text, url
        assert "Volzet: als je je inschrijft, kom je op de wachtlijst." in text, url
    assert "Inschrijven op de wachtlijst" in page_text(client.get(detail))
    # Once it is confirmed it still says so, and that it is full.
    TrainingSession.objects.filter(pk=session.pk).update(status="confirmed")
    text = page_text(client.get(detail))
    assert "Bevestigd" in text and "Volzet" in text


def test_a_session_with_a_seat_left_stays_open(client):
    session = TrainingSessionFactory(capacity=2, minimum=1, kind="follow_up")
    registration_create(session=session, user=UserFactory())
    _login(client)
    text = page_text(client.get(reverse("training:session_detail", args=[session.pk])))
    assert "Inschrijvingen open" in text and "Volzet" not in text
    assert "1 van 2 bezet" in text


def test_a_waiting_learner_sees_their_place_in_line(client):
    session = full_session(waiting=1)
    learner = _login(client)
    client.post(reverse("training:session_register", args=[session.pk]))
    assert session.registrations.get(user=learner).status == "waiting"
    detail = reverse("training:session_detail", args=[session.pk])
    for url in (reverse("training:session_list"), detail):
        assert "Je staat 2e op de wachtlijst." in page_text(client.get(url)), url
    # The one before them leaves: they move up.
    first = session.registrations.filter(status="waiting").exclude(user=learner).get()
    client.force_login(first.user)
    client.post(reverse("training:session_cancel", args=[session.pk]))
    client.force_login(learner)
    assert "Je staat 1e op de wachtlijst." in page_text(client.get(detail))


def test_the_waiting_place_reads_as_a_french_ordinal(client):
    session = full_session(waiting=1)
    learner = _login(client, UserFactory(preferred_language="fr"))
    client.post(reverse("training:session_register", args=[session.pk]))
    url = reverse("training:session_list")
    text = page_text(client.get(url))
    assert "Vous êtes en 2e position sur la liste d'attente." in text
    session.registrations.filter(status="waiting").exclude(user=learner).delete()
    text = page_text(client.get(url))
    assert "Vous êtes en 1re position sur la liste d'attente." in text


def test_each_registration_counts_once_whatever_the_number_of_trainers(client):
    trainers = [MembershipFactory(role=Membership.Role.TRAINER).user for _ in "ab"]
    session = TrainingSessionFactory(
        capacity=2, minimum=1, kind="follow_up", trainers=trainers
    )
    registration_create(session=session, user=UserFactory())
    _login(client, trainers[0])
    text = page_text(client.get(reverse("training:session_detail", args=[session.pk])))
    assert "1 van 2 bezet" in text and "Volzet" not in text


@pytest.mark.parametrize("count", [1, 30])
def test_the_session_list_costs_the_same_queries_for_1_or_30_sessions(
    client, count, django_assert_max_num_queries
):
    learner = UserFactory()
    for _ in range(count):
        session = full_session(waiting=1)
        registration_create(session=session, user=learner)
    client.force_login(learner)
    with django_assert_max_num_queries(SESSION_LIST_QUERIES):
        response = client.get(reverse("training:session_list"))
    shown = response.context["sessions"]
    assert [s.waiting_position for s in shown] == [2] * count
    assert all(s.is_full and s.confirmed_count == 1 for s in shown)


def test_a_course_page_lists_the_sessions_of_that_course_its_reader_may_see(client):
    """Open and own-organisation sessions still to come, soonest first; not a cancelled
    one, a past one, another course's or another organisation's; in the course page's
    usual number of queries."""
    from courses.services import enrolment_create
    from tests.factories import build_course
    from tests.queries import PAGE_BUDGET, queries_for

    course = build_course(modules=1, lessons=1)
    learner = _login(client)
    enrolment_create(user=learner, course=course)
    own = MembershipFactory(user=learner).organisation
    now = timezone.now()
    later = TrainingSessionFactory(course=course, starts_at=now + timedelta(days=20))
    sooner = TrainingSessionFactory(
        course=course, organisation=own, starts_at=now + timedelta(days=3)
    )
    hidden = [
        TrainingSessionFactory(course=course, status=TrainingSession.Status.CANCELLED),
        TrainingSessionFactory(course=course, starts_at=now - timedelta(days=2)),
        TrainingSessionFactory(course=course, organisation=OrganisationFactory()),
        TrainingSessionFactory(),  # another course
    ]

    page = client.get(course.url).content.decode()

    shown = re.findall(r'href="/sessies/(\d+)/"', page)
    assert shown == [str(sooner.pk), str(later.pk)], shown
    assert not any(session.title in page for session in hidden)
    assert queries_for(client, course.url) <= PAGE_BUDGET
