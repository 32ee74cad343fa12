"""What an Open Badges 3.0 credential of a certificate says, before it is signed.

An `OpenBadgeCredential` (W3C VC Data Model 2.0 with the Open Badges 3.0 context,
https://www.imsglobal.org/spec/ob/v3p0/) names the issuer (the platform, by its
`did:web`), the learner (a salted hash of their e-mail address, never the address
itself), the achievement (per course or certifying test, in Dutch and in French at
its own URLs), the dates, and where its revocation bit is published. Everything here
is plain data: `badges.services` signs and stores it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page

from certificates.models import Certificate
from courses.models import CoursePage
from languages.selectors import in_language, source_of

from .contexts import OB_V3, VC_V2
from .did import issuer_did

LANGUAGES = ("nl", "fr")
DESCRIPTION_CHARS = 600


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def timestamp(moment: datetime) -> str:
    """An XML Schema dateTime in UTC, to the second (what verifiers compare)."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_profile() -> dict:
    """The platform as the issuer: its DID (where its keys are published), name and
    site."""
    return {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": settings.WAGTAIL_SITE_NAME,
        "url": base_url() + "/",
    }


def achievement_url(page_id: int, language: str) -> str:
    return base_url() + reverse("badges:achievement", args=[page_id, language])


def achievement_image_url(page_id: int, language: str) -> str:
    return base_url() + reverse("badges:achievement_image", args=[page_id, language])


def status_list_url(number: int) -> str:
    return base_url() + reverse("badges:status_list", args=[number])


def certifying_page(certificate: Certificate) -> Page | None:
    """What the certificate was earned for: its certifying test, else its course."""
    return certificate.test or certificate.course


def _description(page: Page, title: str) -> str:
    text = strip_tags(getattr(page, "intro", "") or "") or page.search_description
    text = re.sub(r"\s+", " ", text).strip()
    return Truncator(text).chars(DESCRIPTION_CHARS) if text else title


def _criteria(page: Page, title: str) -> str:
    if isinstance(page, CoursePage):
        return _(
            "Completed the course “%(title)s” on %(site)s: every module, and "
            "everything the course asks to finish it (such as its final test)."
        ) % {"title": title, "site": settings.WAGTAIL_SITE_NAME}
    return _("Passed the test “%(title)s” on %(site)s.") % {
        "title": title,
        "site": settings.WAGTAIL_SITE_NAME,
    }


def achievement(page: Page, language: str, *, name: str | None = None) -> dict:
    """The Open Badges `Achievement` of a course (or certifying test) in `language`:
    its id is a stable URL per page and language, and `related` points at the same
    achievement in the other language (the spec's way of naming language editions).
    `name` is the title as frozen on a certificate (default: the page's title now)."""
    source = source_of(page.specific)
    shown = in_language(source, language).specific
    title = name or shown.title
    with translation.override(language):
        criteria = _criteria(shown, title)
    return {
        "id": achievement_url(source.pk, language),
        "type": ["Achievement"],
        "achievementType": (
            "CertificateOfCompletion"
            if isinstance(shown, CoursePage)
            else "Certificate"
        ),
        "name": title,
        "description": _description(shown, title),
        "criteria": {"narrative": criteria},
        "image": {
            "id": achievement_image_url(source.pk, language),
            "type": "Image",
            "caption": title,
        },
        "creator": issuer_profile(),
        "inLanguage": language,
        "related": [
            {
                "id": achievement_url(source.pk, other),
                "type": ["Related"],
                "inLanguage": other,
            }
            for other in LANGUAGES
            if other != language
        ],
    }


def identity_hash(email: str, salt: str) -> str:
    """Open Badges' IdentityHash of an e-mail address: `sha256$` and the hex digest of
    the address (trimmed, lower case) followed by the salt."""
    plain = email.strip().lower() + salt
    return "sha256$" + hashlib.sha256(plain.encode("utf-8")).hexdigest()


def credential_document(
    certificate: Certificate,
    *,
    credential_id: str,
    status_list_number: int,
    status_index: int,
    salt: str | None = None,
) -> dict:
    """The unsigned OpenBadgeCredential of a valid `certificate` (its user, course and
    test loaded). The achievement's name is the course title printed on the
    certificate, in the certificate's language: what the learner was given."""
    page = certifying_page(certificate)
    language = certificate.language if certificate.language in LANGUAGES else "nl"
    salt = salt or secrets.token_hex(16)
    issued = timestamp(certificate.issued_at)
    name = certificate.printed.get("course") or None
    status_url = status_list_url(status_list_number)
    document = {
        "@context": [VC_V2, OB_V3],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name or in_language(page, language).title,
        "issuer": issuer_profile(),
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(certificate.user.email, salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement(page, language, name=name),
        },
        "credentialStatus": {
            "id": f"{status_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_url,
        },
    }
    if certificate.expires_at:
        document["validUntil"] = timestamp(certificate.expires_at)
    return document


def status_list_document(number: int, encoded: str, *, now: datetime) -> dict:
    """The unsigned BitstringStatusListCredential of list `number` (W3C Bitstring
    Status List v1.0): `encoded` is the GZIP'd, base64url'd bits with prefix `u`."""
    url = status_list_url(number)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": timestamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }
