"""People: the user, the organisations they work for, and their role there."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class UserManager(BaseUserManager["User"]):
    """Users are identified by their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class ForumMail(models.TextChoices):
    """How often a user hears about new posts in the threads and forums they follow."""

    IMMEDIATE = "immediate", _("Right away, one mail per post")
    DAILY = "daily", _("Once a day, a summary")
    WEEKLY = "weekly", _("Once a week, a summary")
    OFF = "off", _("Never")


class User(AbstractUser):
    """A person with an account. Logs in with e-mail; may belong to several organisations."""

    ForumMail = ForumMail

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=[("nl", "Nederlands"), ("fr", "Français"), ("en", "English")],
        help_text=_("The site is shown in this language after you log in."),
    )
    forum_mail = models.CharField(
        _("forum mail"),
        max_length=10,
        choices=ForumMail.choices,
        default=ForumMail.IMMEDIATE,
        help_text=_("When we mail you about new posts in what you follow."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Organisation(index.Indexed, models.Model):
    """A municipality, OCMW, library or non-profit whose people learn on the platform."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        OCMW = "ocmw", _("OCMW / social welfare centre")
        LIBRARY = "library", _("Library")
        NONPROFIT = "nonprofit", _("Non-profit organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    postcode = models.CharField(
        _("postcode"),
        max_length=4,
        validators=[RegexValidator(r"^[1-9]\d{3}$", _("Enter a Belgian postcode."))],
    )
    members = models.ManyToManyField(
        User, through="Membership", related_name="organisations", blank=True
    )

    search_fields = [index.SearchField("name"), index.FilterField("kind")]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation: learner, trainer or coordinator."""

    class Role(models.TextChoices):
        LEARNER = "learner", _("Learner")
        TRAINER = "trainer", _("Trainer")
        COORDINATOR = "coordinator", _("Coordinator")

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.LEARNER
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)
    teams = models.ManyToManyField(
        "Team",
        related_name="memberships",
        blank=True,
        verbose_name=_("teams"),
        help_text=_("The counters (balies) this person works at."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            # One role per person per organisation; a person may have several
            # organisations (a library volunteer who also works at the OCMW).
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Team(models.Model):
    """A counter ("balie") or other group inside an organisation: general reception,
    social house, population. A member may work in several teams. Leaving the
    organisation (deleting the membership) takes the member out of its teams too."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="team_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
