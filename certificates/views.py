"""Learners' certificates, downloads, and the public verification pages."""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from audit.services import audit_record
from lms.adapters import client_ip
from lms.ratelimit import over_limit

from .codes import normalise_short_code
from .models import Certificate
from .selectors import certificate_for_download, certificates_of, shared_organisation

LOOKUPS_PER_WINDOW = 30
WINDOW_SECONDS = 600
MAX_PDF_BYTES = 5 * 1024 * 1024


@login_required
def my_certificates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "certificates/mine.html",
        {"certificates": certificates_of(request.user)},
    )


@login_required
def download(request: HttpRequest, pk) -> HttpResponse:
    certificate = certificate_for_download(request.user, pk)
    if certificate is None:
        raise Http404
    if certificate.user_id != request.user.pk:
        # A coordinator taking a member's certificate: an export of member data.
        audit_record(
            action="certificates.download",
            instance=certificate,
            by=request.user,
            organisation=shared_organisation(certificate.user, request.user),
        )
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificaat-{certificate.short_code}.pdf",
        content_type="application/pdf",
    )


def _rate_limited(request: HttpRequest) -> bool:
    """Count lookups per address; True past the limit (guessing codes is pointless
    anyway, this keeps it so)."""
    # The visitor's own address (not the reverse proxy's), as for log-in lock-outs.
    return over_limit(
        f"verify:{client_ip(request)}", LOOKUPS_PER_WINDOW, WINDOW_SECONDS
    )


def _verification_response(
    request: HttpRequest, certificate: Certificate | None, **extra
) -> HttpResponse:
    response = render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "looked_up": True, **extra},
        status=200,
    )
    # Verification pages carry a person's name: keep them out of search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Reached from the QR code, or from the short code typed into the address
    (`/certificaat/K7Q4-M2XP-9DNA/`, any case, dashes or not): valid, expired,
    revoked or unknown; nothing more."""
    if _rate_limited(request):
        return render(
            request, "certificates/verify.html", {"limited": True}, status=429
        )
    # One query for both kinds of code, whether either exists or not: no hint. A
    # verification code (32 characters) would pass for a short code only with exactly
    # 12 letters and digits among them, and even then both codes are unguessable.
    short_code = normalise_short_code(code)
    certificate = (
        Certificate.objects.filter(
            Q(verification_code=code) | Q(short_code=short_code or "-")
        )
        .exclude(status=Certificate.Status.PENDING)
        .first()
    )
    return _verification_response(request, certificate)


@never_cache
@require_http_methods(["GET", "POST"])
def verify_form(request: HttpRequest) -> HttpResponse:
    """Type the short code, and optionally upload the PDF to check it is the exact one."""
    if request.method == "GET":
        response = render(request, "certificates/verify.html", {"looked_up": False})
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    if _rate_limited(request):
        return render(
            request, "certificates/verify.html", {"limited": True}, status=429
        )
    code = normalise_short_code(request.POST.get("code", ""))
    # The same query and the same page whether the code exists or not: no hint.
    certificate = (
        Certificate.objects.filter(short_code=code or "-")
        .exclude(status=Certificate.Status.PENDING)
        .first()
    )
    upload = request.FILES.get("pdf")
    pdf_check = None
    if upload is not None and certificate is not None:
        if upload.size > MAX_PDF_BYTES:
            pdf_check = "too_big"
        else:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            pdf_check = (
                "match" if digest.hexdigest() == certificate.pdf_sha256 else "differs"
            )
    return _verification_response(
        request,
        certificate,
        code=request.POST.get("code", "")[:20],
        pdf_check=pdf_check,
    )
