"""A trainer downloads a kit; a learner joins the waiting list of a full session, a
participant cancels, and the learner is promoted and gets the mail."""

import zipfile

import pytest
from django.core import mail
from playwright.sync_api import expect

from lms.models import Membership
from tests.factories import (
    MembershipFactory,
    TrainingSessionFactory,
    UserFactory,
    VerifiedUserFactory,
    build_course,
    kit,
)
from tests.factories.people import PASSWORD
from training.models import Registration
from training.sessions.services import registration_cancel

from .conftest import assert_accessible, log_in
from .test_navigation import log_in_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kit_download_waiting_list_and_promotion(page, live_server, tmp_path):
    course = build_course(modules=1, lessons=1)
    trainer_kit = kit(course, trainers_only=True, materials=2)
    trainer = VerifiedUserFactory(first_name="Sofie")
    MembershipFactory(user=trainer, role=Membership.Role.TRAINER)
    session = TrainingSessionFactory(
        course=course, trainers=[trainer], title="Digihelperopleiding Gent"
    )
    holders = [
        Registration.objects.create(
            session=session, user=UserFactory(), status="confirmed"
        )
        for _ in range(12)
    ]

    # The trainer finds the kit on the dashboard and downloads it whole.
    log_in_to(page, trainer, PASSWORD, "**/trainer/")  # a trainer lands there
    assert_accessible(page, "trainer dashboard")
    page.get_by_role("link", name=trainer_kit.title).click()
    assert_accessible(page, "kit")
    with page.expect_download() as download:
        page.get_by_role("link", name="De hele kit downloaden (zip)").click()
    saved = tmp_path / "kit.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert archive.namelist() == ["01 Bestand 1.pdf", "02 Bestand 2.pdf"]
    page.get_by_role("button", name="Afmelden").click()

    # A learner finds the full session and joins the waiting list.
    learner = VerifiedUserFactory(first_name="Lotte")
    log_in(page, learner, PASSWORD)
    page.get_by_role("link", name="Sessies").first.click()
    page.wait_for_url("**/sessies/")
    assert_accessible(page, "sessions")
    page.get_by_role("link", name="Digihelperopleiding Gent").click()
    page.get_by_role("button", name="Inschrijven op de wachtlijst").click()
    expect(page.get_by_text("Je staat 1e op de wachtlijst.").first).to_be_visible()
    assert_accessible(page, "session, waiting")

    # A participant cancels: the learner is promoted at once and gets the mail.
    mail.outbox.clear()
    registration_cancel(registration=holders[3])
    page.reload()
    expect(page.get_by_text("Je bent ingeschreven.")).to_be_visible()
    to_learner = [m for m in mail.outbox if m.to == [learner.email]]
    assert len(to_learner) == 1
    assert "Digihelperopleiding Gent" in to_learner[0].subject
    assert "/sessies/" in to_learner[0].body
