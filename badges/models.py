"""Open Badges 3.0 credentials issued beside certificates, and the status lists that
say which of them are revoked (W3C Bitstring Status List)."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatusList(models.Model):
    """One published Bitstring Status List: a bit per credential index, set when the
    credential is revoked. Which bits are set is not stored here but read from the
    credentials (`Credential.revoked_at`), so the two can never disagree; `revision`
    counts the changes, and the list is stale while `published_revision` is behind."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    #: The signed BitstringStatusListCredential as published (empty before the first).
    credential = models.JSONField(_("published list"), default=dict, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    published_revision = models.IntegerField(_("published revision"), default=-1)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def is_stale(self) -> bool:
        return self.published_revision < self.revision


class Credential(models.Model):
    """The OpenBadgeCredential of one certificate, signed at issue time and kept as
    signed (a signature covers every byte of its canonical form: it is never edited,
    only revoked through its status list bit)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    certificate = models.OneToOneField(
        "certificates.Certificate",
        on_delete=models.CASCADE,
        related_name="open_badge",
        verbose_name=_("certificate"),
    )
    #: The signed credential (blanked when its holder's account is erased).
    document = models.JSONField(_("signed credential"), default=dict, blank=True)
    key_id = models.CharField(_("signing key"), max_length=100)
    status_list = models.ForeignKey(
        StatusList,
        on_delete=models.PROTECT,
        related_name="credentials",
        verbose_name=_("status list"),
    )
    status_index = models.PositiveIntegerField(_("index in the status list"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open Badges credential")
        verbose_name_plural = _("Open Badges credentials")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"],
                name="badges_credential_one_per_index",
            )
        ]

    def __str__(self) -> str:
        return f"urn:uuid:{self.pk}"

    @property
    def urn(self) -> str:
        return f"urn:uuid:{self.pk}"
