"""The PDF: what is printed, the QR code's payload, and nothing fetched from outside."""

import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from certificates.models import Certificate
from certificates.rendering import render_pdf
from tests.factories import UserFactory

from .helpers import certified_course, complete, scan_qr

pytestmark = pytest.mark.django_db


def test_the_qr_code_carries_the_verification_url(
    tmp_path, django_capture_on_commit_callbacks
):
    course, final = certified_course()
    with django_capture_on_commit_callbacks(execute=True):
        user = complete(course, final)
    certificate = Certificate.objects.get(user=user)
    decoded = scan_qr(certificate, tmp_path)
    assert decoded == certificate.printed["verify_url"]
    assert decoded.endswith(f"/certificaat/{certificate.verification_code}/")


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_renderer_fetches_no_remote_or_file_url(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM")
    port = server.server_address[1]
    html = (
        f'<img src="http://127.0.0.1:{port}/tracker.png">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">'
        f'<img src="file://{secret}"><iframe src="file://{secret}"></iframe>'
        f'<p style="background: url(http://127.0.0.1:{port}/bg.png)">Naam</p>'
    )
    try:
        pdf, _ = render_pdf(html)
    finally:
        server.shutdown()
    assert CountingHandler.hits == []
    assert "GEHEIM" not in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages
    )


def test_hostile_names_are_printed_as_text(django_capture_on_commit_callbacks):
    course, final = certified_course()
    user = UserFactory(
        first_name='<img src="file:///etc/passwd">', last_name="<b>Vet</b>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        complete(course, final, user)
    certificate = Certificate.objects.get(user=user)
    with certificate.pdf.open("rb") as handle:
        text = "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages
        )
    assert '<img src="file:///etc/passwd">' in text and "<b>Vet</b>" in text
