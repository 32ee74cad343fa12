"""Uploaded H5P packages: one row per distinct file (identified by its SHA-256)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.storage import private_storage


class H5PPackage(models.Model):
    """An interactive exercise made in H5P, checked on upload and extracted by a task.

    The same file uploaded twice is one package. Extracted files live in private
    storage under `h5p/<sha256>/`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being unpacked")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("package file"), storage=private_storage, upload_to="h5p/packages"
    )
    size = models.PositiveBigIntegerField(_("size"), default=0)
    h5p = models.JSONField(_("h5p.json"), default=dict)
    main_library = models.CharField(_("main library"), max_length=120)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    problems = models.JSONField(_("problems"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    extracted_at = models.DateTimeField(_("unpacked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("H5P package")
        verbose_name_plural = _("H5P packages")
        ordering = ["-created_at"]
        permissions = [
            (
                "upload_h5p",
                _(
                    "Can upload H5P packages (they carry JavaScript that runs for learners)"
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def folder(self) -> str:
        """Where the extracted files live in private storage."""
        return f"h5p/{self.sha256}"


class H5PActivity(models.Model):
    """An H5P package placed in lessons, with what it takes to count as done."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("Read out to screen-reader users.")
    )
    package = models.ForeignKey(
        H5PPackage,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("package"),
        limit_choices_to={"status": H5PPackage.Status.READY},
    )
    must_complete = models.BooleanField(
        _("must be completed"),
        default=True,
        help_text=_("The lesson section counts as done only once this is completed."),
    )
    pass_required = models.BooleanField(
        _("must be passed"),
        default=False,
        help_text=_("Completed is not enough: the learner must get it right."),
    )
    open_to_all = models.BooleanField(
        _("open to everyone"),
        default=False,
        help_text=_(
            "Anyone may practise this exercise in the databank, without an account. "
            "Nothing of that practice is recorded."
        ),
    )

    class Meta:
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class H5PResult(models.Model):
    """A learner's state and outcome in one activity, from the xAPI statements the
    player sent. Scores come from the browser: they count toward progress only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="h5p_results",
        verbose_name=_("learner"),
    )
    activity = models.ForeignKey(
        H5PActivity,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("activity"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    score_raw = models.FloatField(_("score"), null=True, blank=True)
    score_max = models.FloatField(_("maximum score"), null=True, blank=True)
    state = models.TextField(_("saved state"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("H5P result")
        verbose_name_plural = _("H5P results")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "activity"], name="h5p_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.activity}"

    @property
    def done(self) -> bool:
        """Completed, and passed where the activity asks for it."""
        return self.completed_at is not None and (
            self.passed or not self.activity.pass_required
        )


class XAPIStatement(models.Model):
    """An xAPI statement as the player sent it (actor replaced by the server), kept
    once per statement id."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("learner"),
    )
    activity = models.ForeignKey(
        H5PActivity,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("activity"),
    )
    statement_id = models.UUIDField(_("statement id"), unique=True)
    verb = models.CharField(_("verb"), max_length=200)
    raw = models.JSONField(_("statement"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.verb} ({self.user})"
