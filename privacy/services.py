"""A person's rights over their data: a download of everything the platform holds
about them, and the erasure of their account (after a cool-off, or at once by the data
protection officer's command). Both walk the providers of `registry`."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import BinaryIO

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import ERASED_LABEL
from audit.services import audit_record
from lms.links import absolute_url
from lms.mail import mail_person
from lms.models import Organisation, User
from lms.prepared import prepared_file_build, prepared_files_requeue
from lms.queue import task_after_commit

from .archive import ExportArchive
from .erasure import Erasure
from .models import DataExport, ErasureRequest
from .registry import providers

logger = logging.getLogger(__name__)

Status = DataExport.Status

#: Wrong passwords allowed on the erasure form per person and hour.
PASSWORD_TRIES = 5


# --- Export


def data_export_write(
    *,
    user: User,
    target: BinaryIO,
    on_progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Write the zip of everything the platform holds about `user` into `target`:
    a JSON file per kind of record, the files, and a README in their language.
    Calls `on_progress` with a percentage after each part. Returns the kinds."""
    parts = providers()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        archive = ExportArchive(zip_file)
        for done, provider in enumerate(parts, start=1):
            provider.export(user, archive)
            if on_progress is not None:
                on_progress(min(99, done * 100 // len(parts)))
        with translation.override(user.language):
            readme = render_to_string(
                "privacy/export_readme.txt",
                {"user": user, "kinds": archive.kinds, "now": timezone.now()},
            )
        zip_file.writestr("README.txt", readme)
    return archive.kinds


def data_export_request(*, user: User) -> DataExport:
    """Ask for a download of one's data: a new export, prepared by a Celery task. An
    export still being prepared is returned instead of starting a second one."""
    with transaction.atomic():
        # Two clicks at once queue one export.
        User.objects.select_for_update().filter(pk=user.pk).first()
        pending = user.data_exports.filter(
            status__in=[Status.QUEUED, Status.BUILDING]
        ).first()
        if pending is not None:
            return pending
        export = DataExport.objects.create(user=user)
        task_after_commit("privacy.tasks.build_data_export", str(export.pk))
    return export


def data_export_build(*, export_id: str) -> bool:
    """Build a queued export's zip, keep it in private storage until it expires,
    and mail its owner. False when there is nothing to do (built already, being
    built by another worker, or gone), so a task delivered twice builds once, and
    when the writing failed (`lms.prepared.prepared_file_build`)."""
    export = prepared_file_build(
        DataExport.objects.select_related("user"),
        export_id,
        write=lambda export, target, progress: data_export_write(
            user=export.user, target=target, on_progress=progress
        ),
        name=lambda export: f"{export.pk}.zip",
        valid_days=settings.PRIVACY_EXPORT_VALID_DAYS,
    )
    if export is None:
        return False
    _mail_export_ready(export)
    return True


def _mail_export_ready(export: DataExport) -> None:
    try:
        mail_person(
            to=export.user,
            subject=gettext_lazy("Your data is ready to download"),
            template="email/data_export_ready.txt",
            context={"export": export, "url": absolute_url(reverse("privacy:mine"))},
        )
    except OSError:
        # The download is ready all the same; the page shows it.
        logger.warning("could not mail that export %s is ready", export.pk)


def data_exports_requeue(*, now: datetime | None = None) -> int:
    """Queue again exports whose task was lost (`prepared_files_requeue`)."""
    return prepared_files_requeue(
        DataExport, "privacy.tasks.build_data_export", now=now
    )


# --- Erasure


def erasure_request(*, user: User, password: str) -> ErasureRequest:
    """Ask to erase one's account, confirmed with the password. It is carried out
    after the cool-off (PRIVACY_ERASURE_COOL_OFF_DAYS); until then the person can
    cancel. ValidationError for a wrong password (at most PASSWORD_TRIES an hour)
    and for administrators, who ask another administrator."""
    if user.is_superuser:
        raise ValidationError(
            _("An administrator's account is erased by another administrator.")
        )
    tries_key = f"privacy:erasure-tries:{user.pk}"
    tries = cache.get(tries_key, 0)
    if tries >= PASSWORD_TRIES:
        raise ValidationError(
            _("Too many wrong passwords. Try again in an hour."), code="throttled"
        )
    if not user.check_password(password):
        cache.set(tries_key, tries + 1, 3600)
        raise ValidationError({"password": _("This is not your password.")})
    cache.delete(tries_key)
    erase_after = timezone.now() + timedelta(
        days=settings.PRIVACY_ERASURE_COOL_OFF_DAYS
    )
    with transaction.atomic():
        request, created = ErasureRequest.objects.get_or_create(
            user=user, defaults={"erase_after": erase_after}
        )
        if created:
            task_after_commit("privacy.tasks.send_erasure_planned", request.pk)
    return request


def erasure_planned_send(*, request_id: int) -> bool:
    """Mail the person the date their account will be erased and how to cancel;
    False when the request is gone (cancelled, or carried out)."""
    request = (
        ErasureRequest.objects.select_related("user").filter(pk=request_id).first()
    )
    if request is None:
        return False
    mail_person(
        to=request.user,
        subject=gettext_lazy("Your account will be erased"),
        template="email/erasure_planned.txt",
        context={"request": request, "url": absolute_url(reverse("privacy:mine"))},
    )
    return True


def erasure_cancel(*, user: User) -> bool:
    """The person changed their mind during the cool-off; False when nothing was
    planned."""
    deleted, _kinds = ErasureRequest.objects.filter(user=user).delete()
    return bool(deleted)


def user_erase(*, user: User, by: User | None = None, reason: str) -> None:
    """Erase a person, in one transaction: every provider deletes or anonymises what
    it holds (forum posts stay by "a deleted user", test attempts stay nameless for
    the statistics, certificates are revoked without a name), then the account goes.
    Files are deleted once the transaction has committed. The people log keeps that
    an erasure happened (`reason`: "request", "command", "unverified"), naming
    nobody."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        organisations = list(Organisation.objects.filter(memberships__user=user))
        # One entry in each organisation's log (the coordinators see that a member's
        # account was erased), or one for the platform.
        for organisation in organisations or [None]:
            audit_record(
                action="privacy.erase",
                instance=user,
                by=by,
                organisation=organisation,
                about=ERASED_LABEL,
                data={"reason": reason},
            )
        erasure = Erasure()
        # Higher apps first: the people provider (accounts, logs, sessions) is last.
        for provider in reversed(providers()):
            provider.erase(user, erasure)
        user.delete()
        erasure.files_after_commit()


def erasures_due(*, now: datetime | None = None) -> int:
    """Erase every account whose cool-off has passed; each in its own transaction,
    so one failure stops nobody else's erasure. Returns how many were erased."""
    now = now or timezone.now()
    due = list(
        ErasureRequest.objects.filter(erase_after__lte=now).select_related("user")
    )
    erased = 0
    for request in due:
        try:
            user_erase(user=request.user, reason="request")
        except Exception:
            logger.exception("erasing account %s failed", request.user_id)
        else:
            erased += 1
    return erased
