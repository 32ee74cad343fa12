from courses.models.pages import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.models.progress import (
    CourseCompletion,
    Enrolment,
    ModuleCompletion,
    SectionProgress,
)
from courses.models.snippets import Audience, DigitalService, Level

__all__ = [
    "Audience",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "DigitalService",
    "Enrolment",
    "LessonPage",
    "Level",
    "ModuleCompletion",
    "ModulePage",
    "SectionProgress",
]
