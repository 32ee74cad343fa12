"""A person's say over their data, in Chromium with axe on every page: they decline an
organisation's invitation from their learning path, ask to join another from their
profile, download everything the platform holds (watching the progress bar), plan the
erasure of their account and change their mind."""

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from coordination.models import Invitation
from lms.models import JoinRequest, Membership
from privacy.models import DataExport, ErasureRequest
from privacy.services import data_export_build
from tests.factories import MembershipFactory, OrganisationFactory, VerifiedUserFactory
from tests.factories.coordination import InvitationFactory
from tests.factories.people import PASSWORD

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_keeps_their_data_their_own(page, live_server):
    person = VerifiedUserFactory(first_name="Sofie", last_name="Wouters")
    herzele = OrganisationFactory(name="Gemeente Herzele")
    MembershipFactory(organisation=herzele, role="coordinator")
    InvitationFactory(organisation=herzele, email=person.email)
    lede = OrganisationFactory(name="Gemeente Lede", postcode="9340")
    MembershipFactory(organisation=lede, role="coordinator")

    # The invitation waits on the learning path; declining keeps them out.
    log_in(page, person, PASSWORD)
    panel = page.locator("#my-invitations")
    assert "Gemeente Herzele" in panel.inner_text()
    assert "voortgang" in panel.inner_text()  # says what the coordinators would see
    assert_accessible(page, "learning path with an invitation")
    panel.get_by_role("button", name=re.compile("^Weigeren")).click()
    assert page.locator("#my-invitations").count() == 0
    assert Invitation.objects.get(email=person.email).declined_at is not None
    assert not Membership.objects.filter(user=person).exists()

    # Asking to join Lede from the profile: a request, not a membership.
    page.get_by_role("link", name="Profiel").click()
    page.get_by_label("Vragen om lid te worden van een organisatie").select_option(
        label="Gemeente Lede (9340)"
    )
    page.get_by_role("button", name="Opslaan").click()
    assert "Je aanvraag om lid te worden van Gemeente Lede is verstuurd" in (
        page.locator(".messages").inner_text()
    )
    assert "Wacht op een coördinator" in page.locator("main").inner_text()
    assert_accessible(page, "profile with a request to join")
    assert JoinRequest.objects.filter(user=person, status="pending").exists()
    assert not Membership.objects.filter(user=person).exists()

    # Their data: the progress bar follows the background task, then the zip.
    page.get_by_role("link", name="Je gegevens downloaden of je account wissen").click()
    assert_accessible(page, "your data")
    export = DataExport.objects.create(user=person, status="building", progress=30)
    page.reload()
    assert page.locator("#export-progress").get_attribute("value") == "30"
    assert_accessible(page, "your data, being prepared")
    DataExport.objects.filter(pk=export.pk).update(status="queued")
    data_export_build(export_id=str(export.pk))
    page.locator("#export-ready").wait_for()  # the page asked, saw it ready, reloaded
    with page.expect_download() as download:
        page.locator("#export-ready a").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    profile = json.loads(archive.read("profile.json"))
    assert profile[0]["email"] == person.email
    assert [
        r["organisation"] for r in json.loads(archive.read("join_requests.json"))
    ] == ["Gemeente Lede"]

    # Erasing: the password, the tick box, then the cool-off; they change their mind.
    page.get_by_label("Je wachtwoord").fill("verkeerd-wachtwoord")
    page.get_by_label(re.compile("^Ik begrijp")).check()
    page.get_by_role("button", name="Mijn account wissen").click()
    expect(page.locator("#erasure")).to_contain_text("Dat is niet je wachtwoord.")
    assert_accessible(page, "erasure with a wrong password")
    page.get_by_label("Je wachtwoord").fill(PASSWORD)
    page.get_by_label(re.compile("^Ik begrijp")).check()
    page.get_by_role("button", name="Mijn account wissen").click()
    page.locator("#erasure-planned").wait_for()
    assert_accessible(page, "erasure planned")
    assert ErasureRequest.objects.filter(user=person).exists()
    page.get_by_role("button", name="Mijn account houden").click()
    page.locator("#erasure-form").wait_for()
    assert not ErasureRequest.objects.exists()
