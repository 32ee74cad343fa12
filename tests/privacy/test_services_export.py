"""A person's download of their data: built by a task, one JSON file per kind plus the
files, mailed when ready, theirs alone, gone after a week; and the DPO's command."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLogEntry
from privacy.models import DataExport
from privacy.services import (
    data_export_build,
    data_export_request,
    data_exports_requeue,
)
from tests.factories import UserFactory

from .life import EMAIL, FIRST_NAME, a_full_life

pytestmark = pytest.mark.django_db


def zip_of(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def records(archive: zipfile.ZipFile, kind: str) -> list[dict]:
    return json.loads(archive.read(f"{kind}.json"))


@pytest.fixture
def life(django_capture_on_commit_callbacks):
    return a_full_life(django_capture_on_commit_callbacks)


def test_the_zip_holds_every_kind_of_record_and_the_files(life):
    export = life.person.data_exports.get()
    assert export.status == DataExport.Status.READY and export.progress == 100
    assert export.expires_at - export.ready_at == timedelta(days=7)
    archive = zip_of(export)
    names = set(archive.namelist())
    for kind in (
        "profile", "email_addresses", "memberships", "join_requests", "log_ins",
        "actions_concerning_you", "enrolments", "section_progress",
        "module_completions", "course_completions", "test_attempts", "forum_threads",
        "forum_posts",
        "forum_following", "forum_reports_made", "exercise_results",
        "exercise_statements", "session_registrations", "kit_downloads",
        "certificates", "invitations", "reminders", "library_favourites",
        "library_submissions",
    ):  # fmt: skip
        assert f"{kind}.json" in names, kind
    assert "README.txt" in names
    shared = {row["title"]: row for row in records(archive, "library_submissions")}
    assert shared["Mijn concept"]["status"] == "submitted"
    assert archive.read(shared["Mijn concept"]["file"]) == b"%PDF-1.4 concept"
    assert (
        records(archive, "library_favourites")[0]["item"] == "Stappenplan bibliotheek"
    )
    assert records(archive, "profile")[0]["email"] == EMAIL
    memberships = {m["organisation"]: m for m in records(archive, "memberships")}
    assert memberships["Gemeente Lede"]["teams"] == ["Onthaal"]
    assert memberships["Bib Zele"]["role"] == "coordinator"


def test_the_zip_was_built_before_most_of_the_life_so_a_new_one_holds_it_all(
    life, django_capture_on_commit_callbacks
):
    life.person.data_exports.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=life.person)
    export.refresh_from_db()
    archive = zip_of(export)
    (certificate,) = records(archive, "certificates")
    assert certificate["printed"]["name"] == f"{FIRST_NAME} Zwaneveld"
    assert archive.read(certificate["pdf"]).startswith(b"%PDF")
    (post,) = records(archive, "forum_posts")
    assert archive.read(post["image"]).startswith(b"\x89PNG")
    (attempt,) = records(archive, "test_attempts")
    # Their answers, and the questions as they saw them: no weights, no right keys.
    assert attempt["answers"] and attempt["passed"] is True
    assert all("weight" not in json.dumps(q) for q in attempt["questions"])
    assert records(archive, "session_registrations")[0]["status"] == "confirmed"
    assert records(archive, "exercise_results")[0]["passed"] is True
    assert records(archive, "reminders")[0]["rule"] == "not_started"
    assert [i["organisation"] for i in records(archive, "invitations")] == ["OCMW Erps"]
    # What coordinators did concerning them, not who they are or their address.
    actions = records(archive, "actions_concerning_you")
    assert {"when", "what", "organisation"} == set(actions[0])
    # Nobody else's data: the other learner's reply and name are not in it.
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert life.other.email.encode() not in everything
    assert b"Zo werkt het." not in everything


def test_the_owner_is_mailed_a_link_to_the_page_not_to_the_file(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=user)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert mail.outbox[0].subject == "Vos données sont prêtes à être téléchargées"
    assert reverse("privacy:mine") in mail.outbox[0].body
    assert str(export.pk) not in mail.outbox[0].body


def test_asking_twice_while_it_is_prepared_queues_one(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = data_export_request(user=user)
        second = data_export_request(user=user)
    assert first.pk == second.pk and len(queued) == 1


def test_a_task_delivered_twice_builds_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        export = data_export_request(user=user)
    assert data_export_build(export_id=str(export.pk)) is True
    assert data_export_build(export_id=str(export.pk)) is False
    assert len(mail.outbox) == 1


def test_a_failure_leaves_a_failed_export_and_no_file(
    django_capture_on_commit_callbacks, monkeypatch
):
    from privacy import services

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        export = data_export_request(user=user)

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "data_export_write", broken)
    assert data_export_build(export_id=str(export.pk)) is False
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED and not export.file
    assert mail.outbox == []


def test_a_lost_task_is_queued_again(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        export = data_export_request(user=user)  # the broker lost it
    later = timezone.now() + timedelta(minutes=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert data_exports_requeue(now=later) == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY


def test_the_dpo_command_writes_the_same_zip_and_logs_it(life, tmp_path):
    target = tmp_path / "export.zip"
    call_command("export_user_data", EMAIL.upper(), "--output", str(target))
    archive = zipfile.ZipFile(target)
    assert json.loads(archive.read("profile.json"))[0]["email"] == EMAIL
    assert AuditLogEntry.objects.filter(
        action="privacy.export", subject=life.person
    ).exists()
    with pytest.raises(CommandError):  # never overwrites
        call_command("export_user_data", EMAIL, "--output", str(target))
    with pytest.raises(CommandError):
        call_command("export_user_data", "niemand@example.be", "--output", "x.zip")
