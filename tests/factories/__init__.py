from .courses import (
    CourseIndexPageFactory,
    CoursePageFactory,
    DigitalServiceFactory,
    EnrolmentFactory,
    LessonPageFactory,
    ModulePageFactory,
    build_course,
    lesson_body,
)
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

__all__ = [
    "CourseIndexPageFactory",
    "CoursePageFactory",
    "DigitalServiceFactory",
    "EnrolmentFactory",
    "LessonPageFactory",
    "MembershipFactory",
    "ModulePageFactory",
    "OrganisationFactory",
    "QuestionBankFactory",
    "QuestionCategoryFactory",
    "QuestionFactory",
    "TestPageFactory",
    "UserFactory",
    "VerifiedUserFactory",
    "build_course",
    "lesson_body",
]
