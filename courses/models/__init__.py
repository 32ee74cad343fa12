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
from .h5p import H5PActivity, H5PPackage, H5PResult, XAPIStatement
from .kits import KitBundle, KitDownload, KitMaterial, MaterialStamp, TrainerKitPage
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
from .sessions import (
    DIGIHELPER_MINIMUM,
    Registration,
    TrainingRequest,
    TrainingSession,
)
from .snippets import Audience, DigitalService, Level

__all__ = [
    "Answer",
    "Attempt",
    "Audience",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "DIGIHELPER_MINIMUM",
    "DigitalService",
    "Enrolment",
    "Forum",
    "H5PActivity",
    "H5PPackage",
    "H5PResult",
    "KitBundle",
    "KitDownload",
    "KitMaterial",
    "LessonPage",
    "Level",
    "MaterialStamp",
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
    "Registration",
    "SectionProgress",
    "Subscription",
    "TestPage",
    "Thread",
    "ThreadRead",
    "TrainerKitPage",
    "TrainingRequest",
    "TrainingSession",
    "XAPIStatement",
]
