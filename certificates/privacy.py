"""What the certificates app holds about a person, for the privacy app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from .models import Certificate
from .services import certificate_revoke

#: What stays printed on the record of an erased person's certificate: nothing that
#: names them (the name, and the texts the name was filled into, go).
KEPT_WHEN_ERASED = ("course", "hours", "issued", "expires", "issuer", "short_code")


class Certificates(PersonalData):
    name = "certificates"
    models = {"certificates.Certificate": Treatment.ANONYMISED}

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your certificates"),
                what=_(
                    "What is printed on them (your name, the course, the dates), "
                    "their codes and the PDF."
                ),
                who_sees=_(
                    "You; the coordinators of your organisations; anyone with the "
                    "code or the QR code sees your name, the course and the dates "
                    "on the check page."
                ),
                kept=_(
                    "As long as you have an account. After that they are revoked: "
                    "the check page says they are no longer valid and shows no name."
                ),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        rows = []
        for certificate in Certificate.objects.filter(user=user):
            pdf = ""
            if certificate.pdf:
                pdf = archive.file(
                    f"certificates/{certificate.short_code}.pdf", certificate.pdf
                )
            rows.append(
                {
                    "short_code": certificate.short_code,
                    "status": certificate.state,
                    "issued_at": certificate.issued_at,
                    "expires_at": certificate.expires_at,
                    "revoked_at": certificate.revoked_at,
                    "printed": certificate.printed,
                    "pdf": pdf,
                }
            )
        archive.records("certificates", rows)

    def erase(self, user: User, erasure: Erasure) -> None:
        live = (Certificate.Status.VALID, Certificate.Status.PENDING)
        for certificate in Certificate.objects.filter(user=user):
            if certificate.status in live:
                certificate_revoke(
                    certificate=certificate,
                    reason="The account was erased.",
                    notify=False,
                )
            erasure.delete_file(certificate.pdf)
            certificate.printed = {
                key: value
                for key, value in certificate.printed.items()
                if key in KEPT_WHEN_ERASED
            }
            certificate.user = None
            certificate.pdf = ""
            certificate.pdf_sha256 = ""
            certificate.save(update_fields=["printed", "user", "pdf", "pdf_sha256"])


register(Certificates())
