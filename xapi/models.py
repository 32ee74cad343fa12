"""The outbox of learning records: every xAPI statement the platform makes is written here
in the transaction of the fact it records, then sent to the LRS in batches by Celery."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    """One xAPI statement. Its id is stable (derived from the fact), so recording the same
    fact twice keeps one row and the LRS stores it once."""

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
    tries = models.PositiveIntegerField(_("tries"), default=0)
    next_try_at = models.DateTimeField(_("next try"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        ordering = ["created_at"]
        indexes = [
            # The sender's question: what is unsent and due, oldest first.
            models.Index(
                fields=["next_try_at", "created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="xapi_statement_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.id}"
