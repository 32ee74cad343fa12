"""What the badges app holds about a person, for the privacy app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from .models import Credential
from .services import credentials_erase


class OpenBadges(PersonalData):
    name = "open_badges"
    models = {"badges.Credential": Treatment.ANONYMISED}

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your Open Badges"),
                what=_(
                    "A signed digital copy of each certificate: the course, the "
                    "dates, and a scrambled (hashed) form of your e-mail address, "
                    "never the address itself."
                ),
                who_sees=_(
                    "You, and whoever you give the file or the badge image to. "
                    "Anyone can check whether it is still valid; that check says "
                    "nothing about you."
                ),
                kept=_(
                    "As long as you have an account. After that the copy we keep "
                    "is deleted and the badges are marked as revoked."
                ),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        credentials = (
            Credential.objects.filter(certificate__user=user)
            .exclude(document={})
            .select_related("certificate")
        )
        archive.records(
            "open_badges",
            [
                {
                    "certificate": credential.certificate.short_code,
                    "issued_at": credential.issued_at,
                    "revoked_at": credential.revoked_at,
                    "credential": credential.document,
                }
                for credential in credentials
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        # Before the certificates' own erasure (providers erase in reverse order),
        # whose revocation sets each credential's bit in the status list.
        credentials_erase(list(user.certificates.values_list("pk", flat=True)))


register(OpenBadges())
