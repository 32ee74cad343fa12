import factory

from coordination.models import Assignment
from lms.models import Team

from .courses import CoursePageFactory
from .people import OrganisationFactory


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Balie {n}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A recommended course for the whole organisation; pass `mandatory=True` and a
    `due_date` for a mandatory one."""

    class Meta:
        model = Assignment

    organisation = factory.SubFactory(OrganisationFactory)
    course = factory.SubFactory(CoursePageFactory)
    mandatory = False
