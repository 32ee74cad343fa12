"""The outbox of learning records: every xAPI statement the platform makes is written here
in the transaction of the fact it records, then sent to the LRS in batches by Celery
(`xapi.outbox`). Rows sent more than `outbox.KEEP_SENT` ago are deleted: the LRS keeps
the record, the platform keeps no second copy of what a learner did."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    """One xAPI statement. Its id is stable (derived from the fact), so recording the same
    fact twice keeps one row and the LRS stores it once.

    Waiting: not sent, not rejected; due once `next_try_at` has passed (each failed try
    pushes it back). Sent: the LRS holds it (`sent_at`). Rejected: the LRS refused this
    statement itself (invalid, or a different statement already has its id); it is not
    tried again until an operator asks (`manage.py send_statements --rejected`)."""

    id = models.UUIDField(_("statement id"), primary_key=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("learner"),
    )
    verb = models.CharField(_("verb"), max_length=200)
    payload = models.JSONField(_("statement"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    tries = models.PositiveIntegerField(_("tries"), default=0)
    next_try_at = models.DateTimeField(_("next try"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        ordering = ["created_at"]
        indexes = [
            # The sender's question: what is waiting and due, oldest first.
            models.Index(
                fields=["next_try_at", "created_at"],
                condition=models.Q(sent_at__isnull=True, rejected_at__isnull=True),
                name="xapi_statement_due",
            ),
            # The purge's question: what was sent long enough ago.
            models.Index(
                fields=["sent_at"],
                condition=models.Q(sent_at__isnull=False),
                name="xapi_statement_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.id}"
