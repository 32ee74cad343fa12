"""Training sessions given by trainers, who registers for them, and the requests of
organisations for a digihelper training of their own."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from booking.models import Bookable, Booking
from lms.models import Membership
from lms.queue import task_send

#: A digihelper training goes ahead with at least this many participants.
DIGIHELPER_MINIMUM = 12


class TrainingSession(Bookable, models.Model):
    """A session on a date: a digihelper training, a train-the-trainer session or a
    follow-up moment ("terugkommoment") of a course.

    At the registration deadline it is confirmed when the minimum is reached and
    cancelled otherwise (`training.sessions.services.sessions_decide`).
    """

    class Kind(models.TextChoices):
        DIGIHELPER = "digihelper", _("Digihelper training")
        TRAIN_THE_TRAINER = "train_the_trainer", _("Train-the-trainer session")
        FOLLOW_UP = "follow_up", _("Follow-up session (terugkommoment)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Open for registration")
        CONFIRMED = "confirmed", _("Confirmed: it goes ahead")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("course"),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="trained_sessions",
        verbose_name=_("trainers"),
    )
    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("for organisation"),
        help_text=_("Leave empty when anyone may register."),
    )
    team = models.ForeignKey(
        "lms.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("for team"),
        help_text=_(
            "A follow-up moment of one team: only its members may register. "
            "The team must belong to the organisation above."
        ),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    minimum = models.PositiveSmallIntegerField(
        _("minimum participants"),
        default=DIGIHELPER_MINIMUM,
        help_text=_("Digihelper trainings need at least 12."),
    )
    registration_deadline = models.DateTimeField(_("registration deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "registration_deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__lte=models.F("capacity")),
                name="session_minimum_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=models.F("starts_at")),
                name="session_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="digihelper") | Q(minimum__gte=DIGIHELPER_MINIMUM),
                name="session_digihelper_minimum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"

    @property
    def booking_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def booking_check(self, user) -> None:
        if (
            self.organisation_id is not None
            and not Membership.objects.filter(
                user=user, organisation_id=self.organisation_id
            ).exists()
        ):
            raise PermissionDenied(
                _("This session is for the members of %(organisation)s.")
                % {"organisation": self.organisation}
            )
        if (
            self.team_id is not None
            and not Membership.objects.filter(user=user, teams=self.team_id).exists()
        ):
            raise PermissionDenied(
                _("This session is for the team %(team)s.") % {"team": self.team}
            )

    def booking_notice(self, booking_id: int, kind: str) -> None:
        task_send("training.tasks.send_session_notice", booking_id, kind)

    def clean(self) -> None:
        if (
            self.kind == self.Kind.DIGIHELPER
            and self.minimum is not None
            and self.minimum < DIGIHELPER_MINIMUM
        ):
            raise ValidationError(
                {
                    "minimum": _(
                        "A digihelper training needs at least %(n)s participants."
                    )
                    % {"n": DIGIHELPER_MINIMUM}
                }
            )
        if not self.place and not self.online_url:
            raise ValidationError(_("Give a place or an online link."))
        if (
            self.team_id is not None
            and self.team.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"team": _("Choose a team of the organisation this session is for.")}
            )


class Registration(Booking):
    """A person's place in a training session, or on its waiting list
    (`booking.services` holds the rules)."""

    bookable_field = "session"

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("participant"),
    )

    class Meta(Booking.Meta):
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~Q(status="cancelled"),
                name="registration_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session_id} ({self.status})"


class TrainingRequest(models.Model):
    """An organisation asks for a digihelper training for its own group."""

    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.CASCADE,
        related_name="training_requests",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    earliest = models.DateField(_("from"))
    latest = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=250)
    participants = models.PositiveSmallIntegerField(_("participants"))
    remarks = models.TextField(_("remarks"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__gte=DIGIHELPER_MINIMUM),
                name="training_request_minimum",
            ),
            models.CheckConstraint(
                condition=Q(latest__gte=models.F("earliest")),
                name="training_request_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.participants})"


TrainingSession.booking_model = Registration
