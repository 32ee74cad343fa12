from .coordination import AssignmentFactory, TeamFactory
from .courses import (
    CourseIndexPageFactory,
    CoursePageFactory,
    DigitalServiceFactory,
    EnrolmentFactory,
    LessonPageFactory,
    ModulePageFactory,
    build_course,
    lesson_body,
    translate_tree,
)
from .events import agenda, event_kind, event_page
from .forums import ForumFactory, PostFactory, ThreadFactory
from .home import StandardPageFactory, document_block, document_link, editor
from .library import entry, library_item
from .people import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    VerifiedUserFactory,
)
from .quizzes import (
    QuestionBankFactory,
    QuestionCategoryFactory,
    QuestionFactory,
    TestPageFactory,
)
from .sessions import TrainingSessionFactory, document, kit

__all__ = [
    "agenda",
    "event_kind",
    "event_page",
    "translate_tree",
    "AssignmentFactory",
    "TeamFactory",
    "CourseIndexPageFactory",
    "CoursePageFactory",
    "DigitalServiceFactory",
    "EnrolmentFactory",
    "ForumFactory",
    "LessonPageFactory",
    "MembershipFactory",
    "ModulePageFactory",
    "OrganisationFactory",
    "PostFactory",
    "QuestionBankFactory",
    "QuestionCategoryFactory",
    "QuestionFactory",
    "StandardPageFactory",
    "TestPageFactory",
    "ThreadFactory",
    "TrainingSessionFactory",
    "UserFactory",
    "VerifiedUserFactory",
    "build_course",
    "document",
    "document_block",
    "document_link",
    "editor",
    "entry",
    "library_item",
    "kit",
    "lesson_body",
]
