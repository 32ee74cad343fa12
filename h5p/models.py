"""Uploaded H5P packages: one row per distinct file (identified by its SHA-256)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.exercises import LessonExercise, must_pass, ready_package
from lms.packages import UploadedPackage, package_file


class H5PPackage(UploadedPackage):
    """An interactive exercise made in H5P, checked on upload and extracted by a task.

    The same file uploaded twice is one package. Extracted files live in private
    storage under `h5p/<sha256>/`.
    """

    file = package_file("h5p/packages")
    h5p = models.JSONField(_("h5p.json"), default=dict)
    main_library = models.CharField(_("main library"), max_length=120)

    class Meta(UploadedPackage.Meta):
        verbose_name = _("H5P package")
        verbose_name_plural = _("H5P packages")
        permissions = [
            (
                "upload_h5p",
                _(
                    "Can upload H5P packages (they carry JavaScript that runs for learners)"
                ),
            )
        ]


class H5PActivity(LessonExercise):
    """An H5P package placed in lessons, with what it takes to count as done."""

    package = ready_package(H5PPackage)
    pass_required = must_pass(
        _("Completed is not enough: the learner must get it right.")
    )
    open_to_all = models.BooleanField(
        _("open to everyone"),
        default=False,
        help_text=_(
            "Anyone may practise this exercise in the databank, without an account. "
            "Nothing of that practice is recorded."
        ),
    )

    panels = [*LessonExercise.panels, "open_to_all"]

    class Meta(LessonExercise.Meta):
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")


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
