"""State of the coordinators' work: assignments, invitations, member imports,
reminders and the exports of large organisations being prepared. Progress itself is
never stored here: it is read from the learning facts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.models import Membership
from lms.prepared import PreparedFile
from lms.storage import private_storage


class Assignment(models.Model):
    """A course, or one module of it, that an organisation asks its members to follow:
    everybody (no team) or the members of one team; mandatory with a due date, or
    recommended. Assigning enrols the members in the course.

    Where `requires_follow_up` is set, the organisation counts the course as completed
    only once the member also attended one of its follow-up moments for the course.
    """

    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        "lms.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("team"),
        help_text=_("Leave empty for the whole organisation."),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("course"),
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("module"),
        help_text=_("Leave empty for the whole course."),
    )
    mandatory = models.BooleanField(_("mandatory"), default=False)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    requires_follow_up = models.BooleanField(
        _("attending a follow-up moment is part of it"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-mandatory", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandatory=False) | Q(due_date__isnull=False),
                name="assignment_mandatory_has_due_date",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "team"])]

    def __str__(self) -> str:
        return str(self.module or self.course)

    @property
    def target(self):
        """The page to follow: the module where one is set, else the course."""
        return self.module or self.course


class Invitation(models.Model):
    """An e-mail invitation to join an organisation, with the teams and role it gives.

    The link carries a random token; only its SHA-256 is stored, so the table gives no
    one a way in. Accepting creates the account (the mail proved the address) or, for
    a person who already has one, adds the membership once they accept it, logged in
    with that address. Until then the organisation sees nothing of them. They may
    also decline.
    """

    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Membership.Role.choices,
        default=Membership.Role.LEARNER,
    )
    teams = models.ManyToManyField(
        "lms.Team", related_name="invitations", blank=True, verbose_name=_("teams")
    )
    language = models.CharField(_("language"), max_length=8, default="nl")
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    sent_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_open_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation_id}"

    @property
    def is_open(self) -> bool:
        """Neither accepted nor declined (it may have expired)."""
        return self.accepted_at is None and self.declined_at is None


class MemberImport(models.Model):
    """An uploaded member list, checked row by row and kept until the coordinator
    confirms it. Nothing of it is applied before `confirmed_at` is set."""

    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.CASCADE,
        related_name="member_imports",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class ReminderRule(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started a week after it was assigned")
    DUE_SOON = "due_soon", _("Due date in 7 days")
    OVERDUE = "overdue", _("Due date passed")
    COORDINATOR_DIGEST = "digest", _("Weekly list of overdue members, to coordinators")


class ReminderSettings(models.Model):
    """Which reminder rules an organisation uses. Without a row, all of them."""

    organisation = models.OneToOneField(
        "lms.Organisation",
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("organisation"),
    )
    not_started = models.BooleanField(ReminderRule.NOT_STARTED.label, default=True)
    due_soon = models.BooleanField(ReminderRule.DUE_SOON.label, default=True)
    overdue = models.BooleanField(ReminderRule.OVERDUE.label, default=True)
    digest = models.BooleanField(ReminderRule.COORDINATOR_DIGEST.label, default=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.organisation)

    def enabled(self, rule: str) -> bool:
        return getattr(self, rule)


class ReminderDelivery(models.Model):
    """A reminder owed to a person: written once per rule and learner and assignment
    (or, for a coordinator's digest, per organisation and week), then sent.

    The unique constraints make planning idempotent; the sender claims unsent rows
    under a row lock and marks them sent in the transaction that sends the mail, so a
    task run twice, or a worker restarted, never sends a reminder twice.
    """

    rule = models.CharField(_("rule"), max_length=20, choices=ReminderRule.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("organisation"),
    )
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("assignment"),
    )
    period = models.CharField(
        _("period"), max_length=10, blank=True, help_text=_("ISO week of a digest.")
    )
    created_at = models.DateTimeField(_("planned at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "user", "assignment"],
                condition=Q(assignment__isnull=False),
                name="reminder_once_per_rule_learner_assignment",
            ),
            models.UniqueConstraint(
                fields=["rule", "user", "organisation", "period"],
                condition=Q(assignment__isnull=True),
                name="reminder_digest_once_per_week",
            ),
        ]
        indexes = [models.Index(fields=["sent_at"])]

    def __str__(self) -> str:
        return f"{self.rule} → {self.user_id}"


def progress_export_path(instance: ProgressExport, filename: str) -> str:
    # The id is random, so one export's path does not lead to another.
    return f"coordination/exports/{instance.pk}.{instance.format}"


class ProgressExport(PreparedFile):
    """The progress export of an organisation too large to export while the
    coordinator waits: built by a Celery task, downloadable by the coordinator who
    asked for it until `expires_at`."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.CASCADE,
        related_name="progress_exports",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="progress_exports",
        verbose_name=_("asked by"),
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    # The progress view's filters and sort when it was asked (team id, status,
    # search, sort), so the file holds what the coordinator was looking at.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    members = models.PositiveIntegerField(_("members"), default=0)
    file = models.FileField(
        _("file"),
        upload_to=progress_export_path,
        storage=private_storage,
        blank=True,
    )

    class Meta:
        verbose_name = _("progress export")
        verbose_name_plural = _("progress exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.format} ({self.status})"
