from .forums import (
    Forum,
    ModerationAction,
    Post,
    PostingSuspension,
    PostNotification,
    PostReport,
    Subscription,
    Thread,
    ThreadRead,
)
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
    "Forum",
    "LessonPage",
    "Level",
    "ModerationAction",
    "ModulePage",
    "Post",
    "PostNotification",
    "PostReport",
    "PostingSuspension",
    "Question",
    "QuestionBank",
    "QuestionCategory",
    "QuestionType",
    "SectionProgress",
    "Subscription",
    "TestPage",
    "Thread",
    "ThreadRead",
]
