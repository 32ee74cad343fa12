"""Anyone scans the QR code printed on the demo learner's certificate and sees it is valid."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.demo import ACCOUNTS
from tests.certificates.helpers import scan_qr

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_printed_qr_code_opens_the_verification_page(
    page, live_server, settings, tmp_path
):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # what the QR code points at
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    certificate = Certificate.objects.get(user__email=ACCOUNTS[0].email)
    scanned = scan_qr(certificate, tmp_path)

    page.goto(scanned)  # no login: anyone can check
    expect(page.get_by_text("Geldig").first).to_be_visible()
    expect(page.get_by_text("Lotte Peeters")).to_be_visible()
    assert not axe_violations(page), "verification page"

    page.fill("#code", certificate.short_code.lower())
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("Connectoo+").first).to_be_visible()
