"""Session pages: register and cancel, the calendar file, the trainer's pages and the
coordinators' request form; who may open what."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Registration, TrainingRequest, TrainingSession
from lms.models import Membership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TrainingSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _login(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


def test_registering_and_cancelling_through_the_page(client):
    session = TrainingSessionFactory(capacity=1, minimum=1, kind="follow_up")
    first = _login(client)
    client.post(reverse("courses:session_register", args=[session.pk]))
    second = _login(client)
    client.post(reverse("courses:session_register", args=[session.pk]))
    html = client.get(reverse("courses:session_detail", args=[session.pk])).content
    assert "wachtlijst (nummer 1)" in html.decode()
    _login(client, first)
    client.post(reverse("courses:session_cancel", args=[session.pk]))
    statuses = dict(session.registrations.values_list("user_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed"}


def test_a_session_of_another_organisation_is_404(client):
    session = TrainingSessionFactory(organisation=OrganisationFactory())
    _login(client)
    for url in (
        reverse("courses:session_detail", args=[session.pk]),
        reverse("courses:session_ics", args=[session.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("courses:session_register", args=[session.pk])).status_code
        == 404
    )
    assert not Registration.objects.exists()


def test_session_posts_need_a_csrf_token():
    session = TrainingSessionFactory()
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(UserFactory())
    for name in ("courses:session_register", "courses:session_cancel"):
        assert client.post(reverse(name, args=[session.pk])).status_code == 403


def test_the_calendar_file_describes_the_session(client):
    session = TrainingSessionFactory(title="Digihelpers; dag 1, Gent")
    _login(client)
    response = client.get(reverse("courses:session_ics", args=[session.pk]))
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
        reverse("courses:trainer_session", args=[session.pk]),
        reverse("courses:trainer_session_csv", args=[session.pk]),
    ]
    _login(client)
    assert client.get(reverse("courses:trainer_dashboard")).status_code == 404
    for url in urls:
        assert client.get(url).status_code == 404
    _login(client, MembershipFactory(role=Membership.Role.TRAINER).user)
    assert client.get(reverse("courses:trainer_dashboard")).status_code == 200
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
    text = client.get(reverse("courses:trainer_session_csv", args=[session.pk]))
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
    url = reverse("courses:trainer_session", args=[session.pk])
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
    url = reverse("courses:session_request")
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
    assert client.get(reverse("courses:session_request")).status_code == 404
