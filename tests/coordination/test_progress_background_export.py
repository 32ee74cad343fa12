"""An organisation larger than COORDINATION_EXPORT_INLINE_MAX gets its progress export
from a Celery worker: a page asks for it, a progress bar follows it, a link downloads
it; only the coordinator who asked sees it."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coordination.exports import progress_exports_requeue
from coordination.models import ProgressExport
from coordination.privacy import Coordination
from lms.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    """An organisation of five members, where more than one is "large"."""
    settings.COORDINATION_EXPORT_INLINE_MAX = 1
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation, name="Balie")
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    ).user
    members = []
    for n in range(4):
        membership = MembershipFactory(
            organisation=organisation, user__last_name=f"Lid {n}"
        )
        if n % 2:
            membership.teams.add(team)
        members.append(membership.user)
    return organisation, team, coordinator, members


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """POST for an export; the task queued on commit runs (in-process here)."""

    def ask(url):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url)

    return ask


def export_url(organisation, fmt, query=""):
    return reverse("coordination:progress_export", args=[organisation.pk, fmt]) + query


def test_a_large_organisation_asks_follows_and_downloads(client, large, ask):
    organisation, team, coordinator, members = large
    client.force_login(coordinator)
    progress = client.get(reverse("coordination:progress", args=[organisation.pk]))
    assert b'id="download-background"' in progress.content
    assert b" download>" not in progress.content.split(b"progress-downloads")[1][:400]

    page = client.get(export_url(organisation, "csv", f"?team={team.pk}"))
    assert page.status_code == 200
    assert b'id="export-prepare"' in page.content
    assert not ProgressExport.objects.exists()  # a GET asks for nothing

    # Tasks run in-process here: the export is ready when the page shows.
    response = ask(export_url(organisation, "csv", f"?team={team.pk}"))
    export = ProgressExport.objects.get()
    detail = reverse("coordination:export_detail", args=[organisation.pk, export.pk])
    assert response.status_code == 302 and response["Location"] == detail
    assert export.filters["team"] == team.pk and export.members == 2
    assert export.status == ProgressExport.Status.READY
    assert b'id="export-ready"' in client.get(detail).content
    status = client.get(
        reverse("coordination:export_status", args=[organisation.pk, export.pk])
    ).json()
    assert status["status"] == "ready" and status["progress"] == 100

    download = client.get(
        reverse("coordination:export_download", args=[organisation.pk, export.pk])
    )
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert [row[1] for row in rows[1:]] == [members[1].email, members[3].email]
    assert download["Cache-Control"] == "private, no-store"


def test_an_xlsx_export_in_parts_sorted_as_asked(client, large, monkeypatch, ask):
    organisation, _team, coordinator, members = large
    monkeypatch.setattr("coordination.exports.PART", 3)  # two parts of members
    client.force_login(coordinator)
    ask(export_url(organisation, "xlsx", "?sort=name"))
    export = ProgressExport.objects.get()
    with export.file.open("rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    emails = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    everyone = sorted(
        [*members, coordinator], key=lambda u: (u.last_name, u.first_name)
    )
    assert emails == [u.email for u in everyone]


def test_another_coordinator_or_organisation_finds_nothing(client, large, ask):
    organisation, _team, coordinator, _members = large
    client.force_login(coordinator)
    ask(export_url(organisation, "csv"))
    export = ProgressExport.objects.get()
    other = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    ).user
    elsewhere = MembershipFactory(role=Membership.Role.COORDINATOR)
    client.force_login(other)
    for name in ("export_detail", "export_status", "export_download"):
        url = reverse(f"coordination:{name}", args=[organisation.pk, export.pk])
        assert client.get(url).status_code == 404, name
    client.force_login(elsewhere.user)
    for name in ("export_detail", "export_download"):
        wrong = reverse(
            f"coordination:{name}", args=[elsewhere.organisation.pk, export.pk]
        )
        assert client.get(wrong).status_code == 404, name


def test_a_small_organisation_downloads_at_once(client, large, settings):
    organisation, _team, coordinator, _members = large
    settings.COORDINATION_EXPORT_INLINE_MAX = 2000
    client.force_login(coordinator)
    response = client.get(export_url(organisation, "csv"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert not ProgressExport.objects.exists()


def test_a_failed_build_says_so(client, large, monkeypatch, ask):
    organisation, _team, coordinator, _members = large

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("coordination.reports.progress_file", broken)
    client.force_login(coordinator)
    ask(export_url(organisation, "csv"))
    export = ProgressExport.objects.get()
    assert export.status == ProgressExport.Status.FAILED and not export.file
    detail = reverse("coordination:export_detail", args=[organisation.pk, export.pk])
    assert b'id="export-failed"' in client.get(detail).content
    download = reverse(
        "coordination:export_download", args=[organisation.pk, export.pk]
    )
    assert client.get(download)["Location"] == detail


def test_retention_removes_the_file(client, large, ask):
    organisation, _team, coordinator, _members = large
    client.force_login(coordinator)
    ask(export_url(organisation, "csv"))
    export = ProgressExport.objects.get()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    Coordination().retain(export.expires_at + timedelta(1))
    assert not ProgressExport.objects.exists() and not storage.exists(name)


def test_a_lost_task_is_queued_again(large, django_capture_on_commit_callbacks):
    organisation, _team, coordinator, _members = large
    export = ProgressExport.objects.create(
        organisation=organisation, requested_by=coordinator, format="csv"
    )
    ProgressExport.objects.filter(pk=export.pk).update(
        created_at=export.created_at - timedelta(minutes=11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert progress_exports_requeue() == 1
    assert wait_until(
        lambda: ProgressExport.objects.get().status == ProgressExport.Status.READY
    )
