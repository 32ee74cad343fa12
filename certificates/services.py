"""Issuing, rendering and managing certificates. Tasks, receivers and views call these."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from audit.services import audit_record
from courses.models import CoursePage
from languages.selectors import in_language
from lms.models import User
from lms.queue import task_send
from quizzes.models import TestPage

from .codes import new_short_code, new_verification_code
from .models import Certificate, CertificateTemplate
from .rendering import certificate_html, image_data_uri, render_pdf
from .signals import certificate_valid, certificate_withdrawn

logger = logging.getLogger(__name__)
PRINT_LANGUAGES = ("nl", "fr")
RENEWAL_WINDOW = timedelta(days=30)


def _add_months(moment, months: int):
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(
        moment.day, 28
    )  # keeps every month valid; a few days early is the safe side
    return moment.replace(year=year, month=month, day=day)


def _fill(text: str, values: dict) -> str:
    # Plain replacement, not str.format: a template cannot reach into the values.
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _freeze(
    *, user: User, titles: dict[str, str], language: str, hours: int | None,
    template: CertificateTemplate, short_code: str, verification_code: str,
    issued, expires,
) -> dict:  # fmt: skip
    """Everything the certificate prints, as it is at this moment: the course's
    title in each language it prints in (its translation's, where there is one)."""
    membership = (
        user.memberships.select_related("organisation").order_by("created_at").first()
    )
    organisation = membership.organisation.name if membership else ""
    values = {
        "name": user.get_full_name() or user.email,
        "hours": hours or "",
        "organisation": organisation,
        "date": issued.strftime("%d/%m/%Y"),
    }
    return {
        "name": values["name"],
        "course": titles[language],
        "organisation": organisation,
        "hours": hours,
        "issued": values["date"],
        "expires": expires.strftime("%d/%m/%Y") if expires else "",
        "issuer": template.issuer,
        "titles": {"nl": template.title_nl, "fr": template.title_fr},
        "bodies": {
            "nl": _fill(template.body_nl, {**values, "course": titles["nl"]}),
            "fr": _fill(template.body_fr, {**values, "course": titles["fr"]}),
        },
        "signatories": [
            {"name": s.name, "role": s.role, "signature_id": s.signature_id}
            for s in template.signatories.all()[:4]
        ],
        "logo_id": template.logo_id,
        "short_code": short_code,
        "verify_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("certificates:verify", args=[verification_code]),
    }


def _queue_render(certificate_id: str) -> None:
    try:
        task_send("certificates.tasks.render_certificate", certificate_id)
    except Exception:  # the broker is down: the periodic re-queue picks it up later
        logger.warning(
            "could not queue certificate %s; it stays pending", certificate_id
        )


def certificate_issue(
    *,
    user: User,
    course: CoursePage | None = None,
    test: TestPage | None = None,
    previous: Certificate | None = None,
) -> Certificate | None:
    """Write a pending certificate for `course` (or a certifying `test`) and queue its
    rendering once the transaction commits. None when no template applies."""
    owner_course = course or CoursePage.objects.ancestor_of(test).first()
    template = (
        CertificateTemplate.objects.filter(courses=owner_course)
        .prefetch_related("signatories")
        .first()
    )
    if template is None:
        return None
    issued = timezone.now()
    expires = (
        _add_months(issued, template.validity_months)
        if template.validity_months
        else None
    )
    short_code, verification_code = new_short_code(), new_verification_code()
    language = (
        user.preferred_language if user.preferred_language in PRINT_LANGUAGES else "nl"
    )
    certificate = Certificate.objects.create(
        user=user,
        course=owner_course,
        test=test,
        template=template,
        previous=previous,
        verification_code=verification_code,
        short_code=short_code,
        language=language,
        issued_at=issued,
        expires_at=expires,
        printed=_freeze(
            user=user,
            titles={
                printed_in: in_language(test or owner_course, printed_in).title
                for printed_in in PRINT_LANGUAGES
            },
            language=language,
            hours=template.study_hours or (None if test else owner_course.study_hours),
            template=template,
            short_code=short_code,
            verification_code=verification_code,
            issued=issued,
            expires=expires,
        ),
    )
    pk = str(certificate.pk)
    transaction.on_commit(lambda: _queue_render(pk))
    return certificate


def certificate_render(certificate_id: str) -> bool:
    """Render the PDF of a pending certificate; False when there is nothing to do.

    No lock is held through the render: the certificate is read, rendered and its file
    stored, then it is marked valid in one UPDATE that holds only while it is still
    pending. A second delivery that finds it rendered does nothing; of two at once
    (or a revocation during the render) the one that comes second deletes the file it
    wrote. Three statements in all, none of them a transaction of its own. Once it is
    valid, `certificate_valid` is sent in the same task (badges signs its credential).
    """
    pending = Certificate.objects.filter(
        pk=certificate_id, status=Certificate.Status.PENDING
    )
    certificate = pending.select_related("user").first()  # the user for the mail
    if certificate is None:
        return False
    printed = certificate.printed
    images = get_image_model().objects.in_bulk(
        [
            i
            for i in [printed.get("logo_id")]
            + [s["signature_id"] for s in printed["signatories"]]
            if i
        ]
    )
    html = certificate_html(
        printed,
        certificate.language,
        logo=image_data_uri(images.get(printed.get("logo_id"))),
        signatures=[
            image_data_uri(images.get(s["signature_id"]))
            for s in printed["signatories"]
        ],
    )
    pdf, digest = render_pdf(html)
    certificate.pdf.save(f"{certificate.pk}.pdf", ContentFile(pdf), save=False)
    certificate.pdf_sha256 = digest
    certificate.status = Certificate.Status.VALID
    certificate.rendered_at = timezone.now()
    if not pending.update(
        pdf=certificate.pdf.name,
        pdf_sha256=digest,
        status=certificate.status,
        rendered_at=certificate.rendered_at,
    ):
        certificate.pdf.delete(save=False)  # another delivery's file is the one kept
        return False
    _announce_valid(certificate)
    _mail(certificate, "ready")
    return True


def _announce_valid(certificate: Certificate) -> None:
    """Tell the apps above (badges) that `certificate` is valid. A receiver that fails
    is logged and does not undo the certificate: its own periodic task catches up."""
    for receiver, outcome in certificate_valid.send_robust(
        sender=Certificate, certificate=certificate
    ):
        if isinstance(outcome, Exception):
            logger.error(
                "%r failed for certificate %s",
                receiver,
                certificate.pk,
                exc_info=outcome,
            )


def _mail(certificate: Certificate, kind: str) -> None:
    """Tell the learner, in their language, that their certificate is ready / revoked /
    about to expire."""
    user = certificate.user
    if user is None:
        return
    with translation.override(certificate.language):
        subjects = {
            "ready": _("Your certificate is ready"),
            "revoked": _("Your certificate has been revoked"),
            "expiring": _("Your certificate expires soon"),
        }
        body = render_to_string(
            "certificates/email/notice.txt",
            {
                "kind": kind,
                "certificate": certificate,
                "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("certificates:mine"),
            },
        )
        send_mail(subjects[kind], body, None, [user.email])


def certificates_requeue_pending(
    *, older_than: timedelta = timedelta(minutes=2)
) -> int:
    """Queue again every certificate still pending after `older_than`: a broker that was
    down when a learner passed delays their certificate but never loses it."""
    stale = Certificate.objects.filter(
        status=Certificate.Status.PENDING, issued_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    count = 0
    for pk in stale:
        _queue_render(str(pk))
        count += 1
    return count


@transaction.atomic
def certificate_revoke(
    *,
    certificate: Certificate,
    reason: str,
    by: User | None = None,
    notify: bool = True,
) -> Certificate:
    """Revoke a certificate: its verification page says it is no longer valid. The
    learner is mailed unless `notify` is off (an erased account has nobody to tell).
    `by` is who did it, for the people log (None: the platform)."""
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason"])
    certificate_withdrawn.send(sender=Certificate, certificate=certificate)
    audit_record(action="certificates.revoke", instance=certificate, by=by)
    if notify:
        transaction.on_commit(lambda: _mail(certificate, "revoked"))
    return certificate


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, by: User | None = None
) -> Certificate | None:
    """A new certificate (new codes, new PDF) for the same learner and course; the old
    one is marked superseded. `by` is who asked, for the people log (None: the
    platform, renewing)."""
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.user is None or old.status == Certificate.Status.SUPERSEDED:
        return None
    new = certificate_issue(
        user=old.user, course=old.course, test=old.test, previous=old
    )
    if new is not None:
        old.status = Certificate.Status.SUPERSEDED
        old.save(update_fields=["status"])
        certificate_withdrawn.send(sender=Certificate, certificate=old)
        audit_record(
            action="certificates.reissue",
            instance=old,
            by=by,
            data={"new": str(new.pk)},
        )
    return new


def certificates_remind_expiring() -> int:
    """Mail learners whose certificate expires within 30 days, once per certificate."""
    now = timezone.now()
    expiring = Certificate.objects.filter(
        status=Certificate.Status.VALID,
        expires_at__gt=now,
        expires_at__lte=now + RENEWAL_WINDOW,
        reminded_at__isnull=True,
    ).select_related("user")
    count = 0
    for certificate in expiring:
        # Claim the reminder first, so two runs at once cannot both send it.
        if Certificate.objects.filter(
            pk=certificate.pk, reminded_at__isnull=True
        ).update(reminded_at=now):
            _mail(certificate, "expiring")
            count += 1
    return count


def certificate_renew_if_due(*, user: User, course: CoursePage) -> Certificate | None:
    """Passing a course's final evaluation again renews a certificate that has expired
    or expires within 30 days; the new one points at the old one."""
    current = (
        Certificate.objects.filter(
            user=user, course=course, test=None, status=Certificate.Status.VALID
        )
        .order_by("-issued_at")
        .first()
    )
    if current is None or current.expires_at is None:
        return None
    if current.expires_at > timezone.now() + RENEWAL_WINDOW:
        return None
    # A renewal is a re-issue: new codes, the old certificate marked superseded.
    return certificate_reissue(certificate=current)
