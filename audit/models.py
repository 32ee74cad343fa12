"""What coordinators and admins did to people, with who, when and from which address.

Built on Wagtail's audit log (`BaseLogEntry`): entries appear in the admin's *Site
history* beside Wagtail's own, and Wagtail's own logging of the models registered for
this log (users, memberships, invitations…; see `wagtail_hooks`) lands here too, with
the organisation, the person concerned and the address filled in.

Why Wagtail's and not django-pghistory or django-simple-history: what is logged here
are actions (an invitation sent, a list exported, an account erased), not versions of
rows; pghistory needs PostgreSQL triggers (SQLite is the embedded default) and
simple-history keeps a copy of each changed row, personal data included, that erasure
would then have to chase. Wagtail's log is already installed, keeps registered,
translated action labels, and gives the filter, listing and export views for free.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from .context import current_address

#: The label of an entry about a person whose account was erased.
ERASED_LABEL = "—"


def _organisation_id(instance: models.Model) -> int | None:
    if instance._meta.label == "lms.Organisation":
        return instance.pk
    return getattr(instance, "organisation_id", None)


def _subject(instance: models.Model):
    if instance._meta.label == settings.AUTH_USER_MODEL:
        return instance
    return getattr(instance, "user", None)


def person_label(user) -> str:
    """How a person is named in the log: their name and address."""
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


class AuditLogEntryManager(ModelLogEntryManager):
    def log_action(self, instance: models.Model, action: str, **kwargs):
        """Wagtail's `log_action`, plus: the organisation and the person concerned,
        taken from the instance unless given, and the address of the request."""
        if "organisation" not in kwargs:
            kwargs.setdefault("organisation_id", _organisation_id(instance))
        if "subject" not in kwargs and "subject_id" not in kwargs:
            kwargs["subject"] = _subject(instance)
        if not kwargs.get("title") and kwargs.get("subject") is not None:
            kwargs["title"] = person_label(kwargs["subject"])
        kwargs.setdefault("ip_address", current_address())
        return super().log_action(instance, action, **kwargs)

    def of_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)


class AuditLogEntry(BaseLogEntry):
    """One action on a person. `label` names who it was about (their name or the
    invited address); `data` holds ids and plain values, never names or addresses,
    so that erasing a person only has to clear `label`, `subject`, `user` and
    `ip_address` (see `privacy.people`)."""

    object_id = models.CharField(max_length=255, db_index=True)
    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about"),
        help_text=_("The person the action concerned, when they have an account."),
    )
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    actor_erased = models.BooleanField(
        _("done by an erased account"),
        default=False,
        help_text=_("Who did it was erased with their account."),
    )

    objects = AuditLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["organisation", "-timestamp"])]

    def __str__(self) -> str:
        return f"{self.action} on {self.object_id} at {self.timestamp:%Y-%m-%d %H:%M}"

    @property
    def about(self) -> str:
        """Who the entry is about, as shown in lists."""
        return _("Deleted user") if self.label == ERASED_LABEL else self.label

    @property
    def actor(self) -> str:
        """Who acted, as shown in lists. A person acting on their own behalf (accepting
        or declining an invitation) is not named: who declined is nobody's business."""
        if self.user_id and self.user_id == self.subject_id:
            return str(_("The person concerned"))
        if self.user_id:
            return str(self.user)
        if self.actor_erased:
            return str(_("Deleted user"))
        return str(_("The platform"))
