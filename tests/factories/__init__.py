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

__all__ = [
    "CourseIndexPageFactory",
    "CoursePageFactory",
    "DigitalServiceFactory",
    "EnrolmentFactory",
    "LessonPageFactory",
    "MembershipFactory",
    "ModulePageFactory",
    "OrganisationFactory",
    "UserFactory",
    "VerifiedUserFactory",
    "build_course",
    "lesson_body",
]
