"""Issuing, revoking and publishing Open Badges credentials. Receivers, tasks and views
call these.

A credential is signed once, when its certificate becomes valid (in the certificate's
render task, through `certificates.signals.certificate_valid`), and never edited: a
revocation only sets its bit in a published Bitstring Status List. What cannot happen
at that moment (no key yet, a worker that died) is done by the periodic task
`badges.tasks.issue_missing_credentials`, which also republishes stale lists.
"""

from __future__ import annotations

import logging
import secrets
import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from certificates.models import Certificate
from lms.queue import task_after_commit

from .credentials import credential_document, status_list_document
from .keys import KeyMissing, current_key
from .models import Credential, StatusList
from .proof import sign
from .status_list import LIST_LENGTH, encode

logger = logging.getLogger(__name__)

#: A list takes new credentials until half its indexes are used: a random free index
#: is then found in a try or two, and each credential still hides among 65,536 others
#: (the spec's "herd privacy").
LIST_FILL = LIST_LENGTH // 2
INDEX_ATTEMPTS = 32
#: How many certificates one run of the periodic task gives a credential.
MISSING_BATCH = 500


class NoFreeIndex(Exception):
    """No free index found in the open status list (it cannot happen below LIST_FILL
    but for astronomically bad luck)."""


def _open_list() -> StatusList:
    """The status list new credentials go in: the newest, or a new one once it is
    half full."""
    newest = StatusList.objects.order_by("-number").first()
    if newest is not None and newest.credentials.count() < LIST_FILL:
        return newest
    number = newest.number + 1 if newest else 1
    # Two issuers at once may both start it: get_or_create keeps one.
    status_list, _created = StatusList.objects.get_or_create(number=number)
    return status_list


def _reserve(certificate: Certificate, status_list: StatusList, key_id: str):
    """A credential row at a random free index of `status_list` (retrying on the
    unique constraint, each try in its own savepoint)."""
    for _attempt in range(INDEX_ATTEMPTS):
        try:
            with transaction.atomic():
                return Credential.objects.create(
                    certificate=certificate,
                    key_id=key_id,
                    status_list=status_list,
                    status_index=secrets.randbelow(LIST_LENGTH),
                    issued_at=timezone.now(),
                )
        except IntegrityError:
            continue
    raise NoFreeIndex(status_list.number)


@transaction.atomic
def credential_issue(certificate_id) -> Credential | None:
    """Sign and store the credential of a valid certificate; None when there is
    nothing to do (not valid, already issued, no learner or course any more).

    Idempotent: the certificate's row is locked first, so a second delivery (or the
    periodic task at the same moment) finds the credential and does nothing, and a
    revocation waits for the credential and then sets its bit. Raises `KeyMissing`
    before writing anything when no key may sign.
    """
    key = current_key()
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("user", "course", "test")
        .filter(pk=certificate_id, status=Certificate.Status.VALID)
        .first()
    )
    if certificate is None or certificate.user is None or certificate.course is None:
        return None
    if Credential.objects.filter(certificate=certificate).exists():
        return None
    credential = _reserve(certificate, _open_list(), key.id)
    document = credential_document(
        certificate,
        credential_id=credential.urn,
        status_list_number=credential.status_list.number,
        status_index=credential.status_index,
    )
    credential.document = sign(document, key=key)
    credential.save(update_fields=["document"])
    return credential


def credential_issue_or_wait(certificate_id) -> Credential | None:
    """`credential_issue`, except that a missing key is logged, not raised: the
    certificate stays valid and the periodic task issues the credential once the
    operator has configured a key."""
    try:
        return credential_issue(certificate_id)
    except KeyMissing as error:
        logger.warning(
            "no Open Badges key (%s): the credential of certificate %s is issued later",
            error,
            certificate_id,
        )
        return None


def credential_revoke(certificate: Certificate) -> bool:
    """Set the revocation bit of `certificate`'s credential, in the caller's
    transaction (the certificate's revocation or replacement): the list counts one
    more change and is republished once that commits. False when there is no
    credential or it was already revoked."""
    row = (
        Credential.objects.filter(certificate_id=certificate.pk)
        .values("pk", "status_list_id")
        .first()
    )
    if row is None:
        return False
    changed = Credential.objects.filter(pk=row["pk"], revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not changed:
        return False
    status_list_id = row["status_list_id"]
    StatusList.objects.filter(pk=status_list_id).update(revision=F("revision") + 1)
    # Broker down: logged, and the periodic task publishes the stale list.
    task_after_commit("badges.tasks.publish_status_list", status_list_id)
    return True


def status_list_publish(status_list_id: int) -> bool:
    """Sign the current bits of a stale status list and store them as published;
    False when it is up to date (or gone).

    The revision is read before the bits: a revocation that commits in between
    leaves the list stale, so it is published again rather than lost; of two
    publications at once, an older one never overwrites a newer one. Raises
    `KeyMissing` when no key may sign.
    """
    status_list = StatusList.objects.filter(pk=status_list_id).first()
    if status_list is None or not status_list.is_stale:
        return False
    revision = status_list.revision
    revoked = Credential.objects.filter(
        status_list_id=status_list_id, revoked_at__isnull=False
    ).values_list("status_index", flat=True)
    now = timezone.now()
    signed = sign(status_list_document(status_list.number, encode(revoked), now=now))
    return bool(
        StatusList.objects.filter(
            pk=status_list_id, published_revision__lt=revision
        ).update(credential=signed, published_revision=revision, published_at=now)
    )


def status_lists_publish_stale() -> int:
    """Publish every stale list (a revocation whose publication was not queued)."""
    count = 0
    stale = StatusList.objects.filter(published_revision__lt=F("revision"))
    try:
        for pk in stale.values_list("pk", flat=True):
            count += status_list_publish(pk)
    except KeyMissing as error:
        logger.warning("no Open Badges key (%s): status lists stay stale", error)
    return count


def credentials_issue_missing(*, batch: int = MISSING_BATCH) -> int:
    """Issue the credentials valid certificates do not have yet (the key was missing,
    a worker died between the PDF and the credential); how many were issued."""
    try:
        current_key()
    except KeyMissing as error:
        logger.warning("no Open Badges key (%s): no credentials issued", error)
        return 0
    missing = Certificate.objects.filter(
        status=Certificate.Status.VALID,
        open_badge__isnull=True,
        user__isnull=False,
        course__isnull=False,
    ).values_list("pk", flat=True)[:batch]
    issued = 0
    for pk in list(missing):
        # One certificate that cannot be signed (each in its own transaction, rolled
        # back) must not hold up the others behind it, run after run.
        try:
            issued += credential_issue(pk) is not None
        except KeyMissing as error:
            logger.warning("no Open Badges key (%s): no more credentials issued", error)
            break
        except Exception:
            logger.exception("could not issue the credential of certificate %s", pk)
    return issued


def credentials_erase(certificate_ids: list[uuid.UUID]) -> int:
    """Blank the stored credentials of these certificates (an erased account): their
    bits are set by the certificates' revocation; the signed JSON, which carries the
    hash of the person's address, goes."""
    return Credential.objects.filter(certificate_id__in=certificate_ids).update(
        document={}
    )
