"""Turning a certificate into a PDF with WeasyPrint.

Nothing is fetched while rendering: images (logo, signatures, the QR code) are inlined as
data URIs beforehand, and the URL fetcher refuses every other URL, so text typed by a
user or an editor can never make the renderer read a remote address or a local file.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes

import segno
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def safe_url_fetcher() -> URLFetcher:
    """A fetcher that reads data: URIs only: no http(s), no file://, no ftp."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def image_data_uri(image) -> str:
    """A Wagtail image as a data URI, read from storage (works for S3 too)."""
    if image is None:
        return ""
    try:
        with image.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return (
            ""  # a deleted file leaves the space empty rather than failing the render
        )
    kind = mimetypes.guess_type(image.file.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def qr_data_uri(url: str) -> str:
    # A fixed mask: choosing the "best" of eight costs segno 6 ms per code (more than
    # a tenth of a certificate's render) and every phone reads any of them. Level M as
    # asked, without trying higher levels that would fit the same size (0.4 ms more).
    return segno.make(url, error="m", mask=0, boost_error=False).svg_data_uri(
        scale=4, border=2
    )


def certificate_html(
    printed: dict, language: str, logo: str = "", signatures: list[str] | None = None
) -> str:
    """The certificate's HTML in `language` (nl or fr); images given as data URIs."""
    signatures = signatures or []
    people = [
        {**person, "signature": signatures[i] if i < len(signatures) else ""}
        for i, person in enumerate(printed["signatories"])
    ]
    with translation.override(language):
        return render_to_string(
            "certificates/pdf/certificate.html",
            {
                "printed": printed,
                "language": language,
                "title": printed["titles"][language],
                "body": printed["bodies"][language],
                "logo": logo,
                "signatories": people,
                "qr": qr_data_uri(printed["verify_url"]),
            },
        )


def render_pdf(html: str) -> tuple[bytes, str]:
    """The PDF and its SHA-256."""
    pdf = HTML(string=html, url_fetcher=safe_url_fetcher()).write_pdf()
    return pdf, hashlib.sha256(pdf).hexdigest()
