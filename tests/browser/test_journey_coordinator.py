"""A coordinator imports members from a CSV with one bad row, fixes the file, assigns
Connectoo+ as mandatory to a team and downloads the team's progress as XLSX."""

import re
from datetime import timedelta

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone

from coordination.invitations import invitation_accept
from coordination.models import Assignment, Invitation
from courses.models import Enrolment
from lms.models import Membership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    VerifiedUserFactory,
    build_course,
)
from tests.factories.people import PASSWORD

from .conftest import assert_accessible
from .test_navigation import log_in_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_assign_and_export(page, live_server, tmp_path):
    organisation = OrganisationFactory(name="Stad Lier")
    social = TeamFactory(organisation=organisation, name="Sociaal huis")
    TeamFactory(organisation=organisation, name="Onthaal")
    coordinator = VerifiedUserFactory(first_name="Jan", last_name="Claes")
    MembershipFactory(user=coordinator, organisation=organisation, role="coordinator")
    course = build_course(modules=2, lessons=1)
    course.title = "Connectoo+"
    course.save_revision().publish()
    # Two colleagues already have an account (they join when they accept), one is new.
    an = UserFactory(email="an.peeters@lier.be", first_name="An", last_name="Peeters")
    bram = UserFactory(email="bram.smet@lier.be", first_name="Bram", last_name="Smet")
    bad = tmp_path / "leden.csv"
    bad.write_text(
        "naam;e-mail;balie;rol\n"
        "An Peeters;an.peeters@lier.be;Sociaal huis;cursist\n"
        "Bram Smet;bram.smet@lier.be;Sociaal huis;\n"
        "Chris Wouters;chris.wouters@lier;Sociaal huis;\n",
        encoding="utf-8",
    )

    # A coordinator lands on their organisation.
    log_in_to(page, coordinator, PASSWORD, f"**/organisatie/{organisation.pk}/")
    page.get_by_role("link", name="Mijn organisatie").click()
    assert_accessible(page, "organisation")
    page.get_by_role("link", name="Leden", exact=True).click()
    assert_accessible(page, "members")
    page.locator("#member-import-link").click()
    page.get_by_label("CSV-bestand").set_input_files(str(bad))
    page.locator("#member-import-form button[type=submit]").click()

    # The preview names the bad line; nothing can be confirmed, nothing happened.
    error_row = page.locator('tr[data-line="4"]')
    assert error_row.get_attribute("data-action") == "error"
    assert "chris.wouters@lier" in error_row.inner_text()
    assert page.locator('tr[data-action="invite_account"]').count() == 2
    assert page.locator("#import-confirm").count() == 0
    assert_accessible(page, "import preview with an error")
    assert not Membership.objects.filter(user__email="an.peeters@lier.be").exists()

    # The coordinator fixes the address and uploads the file again.
    good = tmp_path / "leden-verbeterd.csv"
    good.write_text(
        bad.read_text(encoding="utf-8").replace("@lier;", "@lier.be;"), encoding="utf-8"
    )
    page.locator("#member-import-form input[type=file]").set_input_files(str(good))
    page.locator("#member-import-form button[type=submit]").click()
    assert page.locator('tr[data-action="error"]').count() == 0
    assert_accessible(page, "import preview")
    page.get_by_role("button", name="De import bevestigen").click()
    page.wait_for_url(re.compile(r"/leden/$"))
    assert_accessible(page, "members after the import")
    # Everyone is invited; nobody with an account became a member without saying so.
    assert not Membership.objects.filter(user__in=[an, bram]).exists()
    assert page.locator('#open-invitations tr[data-state="sent"]').count() == 3
    invitation = Invitation.objects.get(email="chris.wouters@lier.be")
    assert list(invitation.teams.all()) == [social]
    assert sorted(
        m.to[0] for m in mail.outbox if "uitnodiging" in m.subject.lower()
    ) == [
        "an.peeters@lier.be",
        "bram.smet@lier.be",
        "chris.wouters@lier.be",
    ]
    # An and Bram accept (from their learning path); now they are members.
    for person in (an, bram):
        invitation_accept(
            invitation=Invitation.objects.get(email=person.email), user=person
        )
    joined = Membership.objects.filter(organisation=organisation, teams=social)
    assert {m.user.email for m in joined} == {"an.peeters@lier.be", "bram.smet@lier.be"}

    # Connectoo+ becomes mandatory for the social house.
    page.get_by_role("link", name="Opdrachten").click()
    assert_accessible(page, "assignments")
    page.get_by_label(re.compile("^Opleiding")).select_option(label="Connectoo+")
    page.get_by_label(re.compile("^Wie")).select_option(label="Sociaal huis")
    page.get_by_label("Verplicht", exact=True).check()
    due = timezone.localdate() + timedelta(days=30)
    page.get_by_label(re.compile("^Deadline")).fill(due.isoformat())
    page.get_by_role("button", name="Toewijzen").click()
    assert_accessible(page, "assignment made")
    assignment = Assignment.objects.get(organisation=organisation)
    assert (assignment.team, assignment.mandatory, assignment.due_date) == (
        social,
        True,
        due,
    )
    assert Enrolment.objects.filter(course=course).count() == 2

    # The progress of the social house, downloaded as XLSX.
    page.get_by_role("link", name="Voortgang").click()
    page.get_by_label(re.compile("^Team")).select_option(label="Sociaal huis")
    page.get_by_role("button", name="Tonen").click()
    assert_accessible(page, "progress")
    assert page.locator("table tbody tr").count() == 2
    with page.expect_download() as download:
        page.locator("#download-xlsx").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(saved).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    emails = {row[1] for row in rows[1:]}
    assert emails == {"an.peeters@lier.be", "bram.smet@lier.be"}
    assert any("Connectoo+" in str(cell) for cell in rows[0])
