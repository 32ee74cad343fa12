from datetime import timedelta

import factory
from django.utils import timezone

from coordination.invitations import token_hash
from coordination.models import Assignment, Invitation
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


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation, valid for 30 days, whose link carries `token` (pass one
    to open the link in a test: only its hash is stored)."""

    class Meta:
        model = Invitation

    class Params:
        token = factory.Sequence(lambda n: f"test-token-{n}")

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"uitgenodigd{n}@example.be")
    first_name = "Lies"
    last_name = "Claes"
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
