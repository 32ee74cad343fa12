"""Learning state: who is enrolled where and which lesson sections they have opened."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A learner following a course. Leaving deletes the enrolment but keeps progress."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"


class SectionProgress(models.Model):
    """A learner opened one section of a lesson. One row per learner and section.

    `section_id` is the StreamField block id, stable across page revisions.
    The row is written the first time only (a revisit is a read-only request), so
    "continue where you stopped" (the latest `last_viewed_at`) leads to the learner's
    furthest point. Rows written before that rule moved `last_viewed_at` on revisits.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="section_progress",
        verbose_name=_("learner"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        related_name="section_progress",
        verbose_name=_("lesson"),
    )
    section_id = models.CharField(_("section"), max_length=64)
    first_viewed_at = models.DateTimeField(_("first opened"))
    last_viewed_at = models.DateTimeField(_("last opened"))

    class Meta:
        verbose_name = _("section progress")
        verbose_name_plural = _("section progress")
        ordering = ["-last_viewed_at"]
        constraints = [
            # Covering the first opening too (PostgreSQL): a coordinator's view counts
            # 2,000 learners' sections per lesson from this index alone, in order,
            # without reading the table or sorting 150,000 rows.
            models.UniqueConstraint(
                fields=["user", "lesson", "section_id"],
                include=["first_viewed_at"],
                name="section_progress_unique",
            )
        ]
        indexes = [models.Index(fields=["user", "-last_viewed_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.lesson_id}/{self.section_id}"


class CourseCompletion(models.Model):
    """The fact that a learner completed a course: written once, never toggled back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_completions",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("course"),
    )
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="completion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.course}"


class ModuleCompletion(models.Model):
    """The fact that a learner completed a module: written once, never toggled back.

    Modules completed before this table existed get their row the next time a fact of
    that learner in that course reaches `courses.services.completion_record`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_completions",
        verbose_name=_("learner"),
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("module"),
    )
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], name="module_completion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.module}"
