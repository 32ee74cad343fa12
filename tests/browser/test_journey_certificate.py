"""Anyone scans the QR code printed on the demo learner's certificate and sees it is valid."""

import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from courses.demo import ACCOUNTS

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_printed_qr_code_opens_the_verification_page(
    page, live_server, settings, tmp_path
):
    assert shutil.which("pdftoppm") and shutil.which("zbarimg"), (
        "poppler-utils, zbar-tools"
    )
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # what the QR code points at
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    certificate = Certificate.objects.get(user__email=ACCOUNTS[0].email)
    pdf = tmp_path / "certificaat.pdf"
    with certificate.pdf.open("rb") as handle:
        pdf.write_bytes(handle.read())
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "p-1.png")],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip

    page.goto(scanned)  # no login: anyone can check
    assert page.get_by_text("Geldig").first.is_visible()
    assert page.get_by_text("Lotte Peeters").is_visible()
    assert not axe_violations(page), "verification page"

    page.fill("#code", certificate.short_code.lower())
    page.locator("main form button[type=submit]").click()
    assert page.get_by_text("Connectoo+").first.is_visible()
