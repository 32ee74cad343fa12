"""The person's "Your data" page: download, erase with a cool-off, cancel; the
privacy page; the commands. Every POST needs CSRF; someone else's export is 404."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.models import User
from privacy.models import DataExport, ErasureRequest
from privacy.services import data_export_request, erasures_due
from tests.factories import UserFactory, VerifiedUserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

MINE = "/account/mijn-gegevens/"


@pytest.fixture
def person(client):
    person = VerifiedUserFactory()
    client.force_login(person)
    return person


def test_the_page_needs_a_login(client):
    response = client.get(reverse("privacy:mine"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert reverse("privacy:mine") == MINE


def test_asking_for_a_download_shows_it_ready_and_downloads_the_zip(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:export"))
    assert response["Location"] == MINE
    html = client.get(MINE).content.decode()
    assert 'id="export-ready"' in html
    export = person.data_exports.get()
    download = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert "no-store" in download["Cache-Control"]


def test_while_it_is_prepared_the_page_shows_the_progress(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        export = data_export_request(user=person)
    DataExport.objects.filter(pk=export.pk).update(status="building", progress=40)
    html = client.get(MINE).content.decode()
    assert 'value="40"' in html and 'role="status"' in html
    status = client.get(reverse("privacy:export_status", args=[export.pk])).json()
    assert status == {
        "status": "building",
        "label": "Wordt klaargemaakt",
        "progress": 40,
    }


def test_someone_elses_export_is_not_found(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        theirs = data_export_request(user=UserFactory())
    for name in ("privacy:export_download", "privacy:export_status"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404


def test_an_expired_download_is_gone(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=person)
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 410


def test_erasing_asks_the_password_and_plans_it_after_the_cool_off(
    client, person, django_capture_on_commit_callbacks
):
    wrong = client.post(MINE, {"password": "fout", "understood": "on"})
    assert wrong.status_code == 200
    assert wrong.context["form"].has_error("password")
    assert not ErasureRequest.objects.exists()
    unticked = client.post(MINE, {"password": PASSWORD})
    assert unticked.context["form"].has_error("understood")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            MINE, {"password": PASSWORD, "understood": "on"}, follow=True
        )
    planned = ErasureRequest.objects.get(user=person)
    assert planned.erase_after > timezone.now() + timedelta(days=13, hours=23)
    assert 'id="erasure-planned"' in response.content.decode()
    assert [m.to for m in mail.outbox] == [[person.email]]
    # Nothing happens before the day; then the hourly task erases it.
    assert erasures_due() == 0
    assert erasures_due(now=planned.erase_after + timedelta(minutes=1)) == 1
    assert not User.objects.filter(pk=person.pk).exists()


def test_the_person_can_change_their_mind(client, person):
    ErasureRequest.objects.create(
        user=person, erase_after=timezone.now() + timedelta(days=3)
    )
    response = client.post(reverse("privacy:erasure_cancel"), follow=True)
    assert "Je account wordt niet gewist." in response.content.decode()
    assert not ErasureRequest.objects.exists()
    assert erasures_due(now=timezone.now() + timedelta(days=30)) == 0
    assert User.objects.filter(pk=person.pk).exists()


def test_guessing_the_password_stops_after_five_tries(client, person):
    for _ in range(5):
        client.post(MINE, {"password": "fout", "understood": "on"})
    response = client.post(MINE, {"password": PASSWORD, "understood": "on"})
    assert "Te veel verkeerde wachtwoorden" in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_an_administrator_cannot_erase_their_own_account_here(client):
    admin = VerifiedUserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    client.post(MINE, {"password": PASSWORD, "understood": "on"})
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize(
    ("name", "args"),
    [("privacy:export", []), ("privacy:erasure_cancel", []), ("privacy:mine", [])],
)
def test_every_post_needs_csrf(person, name, args):
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post(reverse(name, args=args), {"password": PASSWORD})
    assert response.status_code == 403
    assert not DataExport.objects.exists() and not ErasureRequest.objects.exists()


def test_the_erase_command_asks_for_yes_and_erases_at_once(monkeypatch):
    person = UserFactory(email="weg@example.be")
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")
    with pytest.raises(CommandError):
        call_command("erase_user", "weg@example.be")
    assert User.objects.filter(pk=person.pk).exists()
    call_command("erase_user", "WEG@example.be", "--no-input")
    assert not User.objects.filter(pk=person.pk).exists()
    with pytest.raises(CommandError):
        call_command("erase_user", "weg@example.be", "--no-input")
