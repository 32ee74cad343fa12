from .pages import CourseIndexPage, CoursePage, LessonPage, ModulePage
from .progress import Enrolment, SectionProgress
from .snippets import Audience, DigitalService, Level

__all__ = [
    "Audience",
    "CourseIndexPage",
    "CoursePage",
    "DigitalService",
    "Enrolment",
    "LessonPage",
    "Level",
    "ModulePage",
    "SectionProgress",
]
