"""What the courses app holds about a person: enrolments, progress, completions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from courses.models import (
    CourseCompletion,
    Enrolment,
    ModuleCompletion,
    SectionProgress,
)
from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import (
    AS_LONG_AS_ACCOUNT,
    DataCategory,
    PersonalData,
    Treatment,
    register,
)

A = Treatment.ANONYMISED
E = Treatment.ERASED


class Learning(PersonalData):
    name = "learning"
    models = {
        "courses.Enrolment": E,
        "courses.SectionProgress": E,
        "courses.CourseCompletion": E,
        "courses.ModuleCompletion": E,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your learning"),
                what=_(
                    "The courses you enrolled in, which lesson sections you opened "
                    "and when, and what you completed."
                ),
                who_sees=_(
                    "You; the coordinators of your organisations, for what they "
                    "assigned."
                ),
                kept=AS_LONG_AS_ACCOUNT,
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "enrolments",
            [
                {"course": e.course.title, "enrolled_at": e.enrolled_at}
                for e in Enrolment.objects.filter(user=user).select_related("course")
            ],
        )
        archive.records(
            "section_progress",
            [
                {
                    "lesson": p.lesson.title,
                    "section": p.section_id,
                    "first_opened": p.first_viewed_at,
                    "last_opened": p.last_viewed_at,
                }
                for p in SectionProgress.objects.filter(user=user).select_related(
                    "lesson"
                )
            ],
        )
        archive.records(
            "module_completions",
            [
                {"module": c.module.title, "completed_at": c.completed_at}
                for c in ModuleCompletion.objects.filter(user=user).select_related(
                    "module"
                )
            ],
        )
        archive.records(
            "course_completions",
            [
                {"course": c.course.title, "completed_at": c.completed_at}
                for c in CourseCompletion.objects.filter(user=user).select_related(
                    "course"
                )
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        for model in (SectionProgress, ModuleCompletion, CourseCompletion, Enrolment):
            model.objects.filter(user=user).delete()


register(Learning())
