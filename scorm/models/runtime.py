"""SCORM packages placed in lessons, and what each learner did in them.

The runtime's data (`cmi.*`) is kept on the server per learner, attempt and SCO, so a
learner resumes where they left off on any PC.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.exercises import LessonExercise, must_pass, ready_package

from .packages import ScormPackage


class ScormActivity(LessonExercise):
    """A SCORM package placed in lessons, with what it takes to count as done."""

    package = ready_package(ScormPackage)
    pass_required = must_pass(_("Completed is not enough: the learner must pass it."))

    class Meta(LessonExercise.Meta):
        verbose_name = _("SCORM activity")
        verbose_name_plural = _("SCORM activities")


class ScormAttempt(models.Model):
    """One go of a learner at an activity; the newest is the one resumed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scorm_attempts",
        verbose_name=_("learner"),
    )
    activity = models.ForeignKey(
        ScormActivity,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("activity"),
    )
    number = models.PositiveIntegerField(_("attempt"), default=1)
    # The SCO the learner opened last: where they resume, on any PC.
    current_sco = models.CharField(_("last part opened"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    score_scaled = models.FloatField(_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("SCORM attempt")
        verbose_name_plural = _("SCORM attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "activity", "number"], name="scorm_attempt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.activity} ({self.number})"


class ScormScoState(models.Model):
    """The runtime data of one SCO in one attempt, as the package last committed it."""

    attempt = models.ForeignKey(
        ScormAttempt,
        on_delete=models.CASCADE,
        related_name="scos",
        verbose_name=_("attempt"),
    )
    sco = models.CharField(_("SCO"), max_length=255)
    cmi = models.JSONField(_("runtime data"), default=dict)
    completion_status = models.CharField(_("completion"), max_length=20, blank=True)
    success_status = models.CharField(_("success"), max_length=20, blank=True)
    score_scaled = models.FloatField(_("score"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SCORM SCO state")
        verbose_name_plural = _("SCORM SCO states")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "sco"], name="scorm_sco_unique")
        ]

    def __str__(self) -> str:
        return f"{self.attempt} – {self.sco}"
