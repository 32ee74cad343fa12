from .pages import CourseIndexPage, CoursePage, LessonPage, ModulePage
from .progress import CourseCompletion, Enrolment, SectionProgress
from .quizzes import (
    Answer,
    Attempt,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
    TestPage,
)
from .snippets import Audience, DigitalService, Level

__all__ = [
    "Answer",
    "Attempt",
    "Audience",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "DigitalService",
    "Enrolment",
    "LessonPage",
    "Level",
    "ModulePage",
    "Question",
    "QuestionBank",
    "QuestionCategory",
    "QuestionType",
    "SectionProgress",
    "TestPage",
]
