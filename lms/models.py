"""People: the user, the organisations they work for, and their role there."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_domain_name
from django.db import models
from django.db.models import Q
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

    @property
    def language(self) -> str:
        """The language to write to this person in: their choice, else Dutch."""
        return self.preferred_language or settings.LANGUAGE_CODE


#: Addresses at these domains are anyone's to make: they never let a person join an
#: organisation without approval.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.be", "outlook.com",
        "outlook.be", "live.com", "live.be", "msn.com", "yahoo.com", "yahoo.fr",
        "icloud.com", "me.com", "proton.me", "protonmail.com", "telenet.be",
        "skynet.be", "proximus.be", "scarlet.be", "gmx.com", "gmx.net", "mail.com",
    }
)  # fmt: skip


def split_domains(text: str) -> list[str]:
    """The domains in a comma- or space-separated list, lower case, without "@"."""
    parts = text.replace(",", " ").split()
    return [part.strip().lstrip("@").lower() for part in parts if part.strip("@ ")]


def validate_join_domains(text: str) -> None:
    for domain in split_domains(text):
        try:
            validate_domain_name(domain)
        except ValidationError:
            raise ValidationError(
                _("“%(domain)s” is not a domain name such as mechelen.be."),
                params={"domain": domain},
            ) from None
        if domain in PUBLIC_MAIL_DOMAINS:
            raise ValidationError(
                _(
                    "Anyone can have an address at %(domain)s: it cannot let people "
                    "join without approval."
                ),
                params={"domain": domain},
            )


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
    join_domains = models.CharField(
        _("join without approval from"),
        max_length=250,
        blank=True,
        validators=[validate_join_domains],
        help_text=_(
            "E-mail domains of the organisation's own staff, e.g. mechelen.be "
            "(separate several with commas). Someone with a verified address there "
            "joins at once; everyone else asks, and a coordinator decides."
        ),
    )

    search_fields = [index.SearchField("name"), index.FilterField("kind")]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def join_domain_list(self) -> list[str]:
        return split_domains(self.join_domains)


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


class JoinRequest(models.Model):
    """A person asks to become a member of an organisation (as a learner). Until a
    coordinator of that organisation approves, nothing of theirs is visible there."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a coordinator")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    notified_at = models.DateTimeField(
        _("coordinators told at"),
        null=True,
        blank=True,
        help_text=_("Coordinators are told once the person's address is verified."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"
