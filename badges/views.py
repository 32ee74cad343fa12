"""What verifiers and wallets fetch (the issuer's DID document, status lists,
achievements and their images, all public) and the learner's own downloads of their
credential (JSON, and baked into the badge image)."""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page

from certificates.models import Certificate
from courses.models import CoursePage
from languages.selectors import in_language, source_of
from quizzes.models import TestPage

from .baking import bake
from .credentials import LANGUAGES, achievement
from .did import did_document
from .images import badge_png
from .keys import KeyMissing
from .models import Credential, StatusList
from .services import status_list_publish

#: How long verifiers and proxies may keep a status list: a revocation reaches them
#: within this time.
STATUS_LIST_SECONDS = 300
PUBLIC_SECONDS = 3600
IMAGE_CACHE_SECONDS = 24 * 3600


def _public_json(document: dict, seconds: int, content_type: str) -> JsonResponse:
    response = JsonResponse(
        document, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, public=True, max_age=seconds)
    # Verifiers run in browsers too (wallets, the 1EdTech validator).
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def did(request: HttpRequest) -> HttpResponse:
    """The issuer's `did:web` document: every key that ever signed a credential."""
    # As briefly as a status list: after a key rotation, verifiers learn the new key
    # within minutes, before they meet a credential it signed.
    return _public_json(did_document(), STATUS_LIST_SECONDS, "application/did+ld+json")


@require_GET
def status_list(request: HttpRequest, number: int) -> HttpResponse:
    """A signed BitstringStatusListCredential. A list that changed since it was last
    signed is signed now, so a revocation shows at once even when the task that
    publishes it has not run (the broker down)."""
    found = get_object_or_404(StatusList, number=number)
    if found.is_stale:
        # Without a key, the last published list (if any) is the best there is.
        with suppress(KeyMissing):
            status_list_publish(found.pk)
        found.refresh_from_db(fields=["credential"])
    if not found.credential:
        raise Http404
    return _public_json(found.credential, STATUS_LIST_SECONDS, "application/vc+ld+json")


def _achievement_page(page_id: int, language: str) -> Page:
    """A course or certifying test that is live or has certificates; 404 otherwise
    (a draft's title is nobody's business)."""
    if language not in LANGUAGES:
        raise Http404
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, CoursePage | TestPage):
        raise Http404
    if isinstance(page, TestPage) and not page.certifying:
        raise Http404
    source = source_of(page)
    if not source.live and not (
        Certificate.objects.filter(Q(course=source.pk) | Q(test=source.pk)).exists()
    ):
        raise Http404
    return source


@require_GET
def achievement_json(request: HttpRequest, page_id: int, language: str):
    """The Open Badges Achievement of a course (or certifying test) in Dutch or
    French, with the other language as `related`."""
    page = _achievement_page(page_id, language)
    return _public_json(achievement(page, language), PUBLIC_SECONDS, "application/json")


def _badge_png(title: str) -> bytes:
    key = "badges:image:" + hashlib.sha256(title.encode("utf-8")).hexdigest()
    return cache.get_or_set(key, lambda: badge_png(title), IMAGE_CACHE_SECONDS)


@require_GET
def achievement_image(request: HttpRequest, page_id: int, language: str):
    """The badge image of an achievement: the course's title in `language`."""
    page = _achievement_page(page_id, language)
    response = HttpResponse(
        _badge_png(in_language(page, language).title), content_type="image/png"
    )
    patch_cache_control(response, public=True, max_age=PUBLIC_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _own_credential(request: HttpRequest, pk) -> Credential:
    """The learner's own credential of certificate `pk`: another person's, a
    certificate without one (pending, no key yet) or an erased one is a 404."""
    credential = (
        Credential.objects.filter(certificate_id=pk, certificate__user=request.user)
        .exclude(document={})
        .select_related("certificate")
        .first()
    )
    if credential is None:
        raise Http404
    return credential


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_GET
def download_json(request: HttpRequest, pk) -> HttpResponse:
    """The signed credential as JSON, for a digital wallet."""
    credential = _own_credential(request, pk)
    content = json.dumps(credential.document, ensure_ascii=False, indent=2)
    return _attachment(
        content.encode("utf-8"),
        "application/json",
        f"open-badge-{credential.certificate.short_code}.json",
    )


@never_cache
@login_required
@require_GET
def download_png(request: HttpRequest, pk) -> HttpResponse:
    """The badge image with the signed credential baked in (an `iTXt` chunk named
    `openbadgecredential`), for a profile or a backpack."""
    credential = _own_credential(request, pk)
    title = credential.document["credentialSubject"]["achievement"]["name"]
    return _attachment(
        bake(_badge_png(title), credential.document),
        "image/png",
        f"open-badge-{credential.certificate.short_code}.png",
    )
