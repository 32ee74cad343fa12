"""Assigning courses and modules: who gets enrolled, and what a coordinator may choose."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordination.services import (
    assignment_create,
    membership_set_teams,
    team_create,
)
from courses.models import Enrolment, ModulePage
from lms.services import membership_join
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    build_course,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    organisation = OrganisationFactory()
    reception = TeamFactory(organisation=organisation, name="Onthaal")
    social = TeamFactory(organisation=organisation, name="Sociaal huis")
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    at_reception = MembershipFactory(organisation=organisation)
    at_reception.teams.add(reception)
    at_social = MembershipFactory(organisation=organisation)
    at_social.teams.add(social)
    return organisation, reception, social, coordinator, at_reception, at_social


def enrolled(course):
    return set(
        Enrolment.objects.filter(course=course).values_list("user_id", flat=True)
    )


def test_assigning_to_a_team_enrols_only_its_members(town):
    organisation, reception, _social, coordinator, at_reception, at_social = town
    course = build_course()
    outsider = MembershipFactory()  # another organisation
    assignment_create(
        organisation=organisation,
        course=course,
        team=reception,
        mandatory=True,
        due_date=timezone.localdate() + timedelta(days=30),
        by=coordinator.user,
    )
    assert enrolled(course) == {at_reception.user_id}
    assert outsider.user_id not in enrolled(course)


def test_assigning_to_everyone_enrols_every_member_once(town):
    organisation, *_rest, coordinator, at_reception, at_social = town
    course = build_course()
    for _ in range(2):  # again: updates, no second assignment or enrolment
        assignment = assignment_create(
            organisation=organisation, course=course, by=coordinator.user
        )
    assert organisation.assignments.get() == assignment
    assert enrolled(course) == {
        coordinator.user_id,
        at_reception.user_id,
        at_social.user_id,
    }


def test_joining_a_team_enrols_in_its_assignments(town):
    organisation, reception, social, coordinator, at_reception, at_social = town
    course = build_course()
    assignment_create(
        organisation=organisation, course=course, team=social, by=coordinator.user
    )
    membership_set_teams(membership=at_reception, teams=[reception, social])
    assert at_reception.user_id in enrolled(course)


def test_refusals_name_the_field(town):
    organisation, *_rest = town
    coordinator = _rest[2]
    course, other = build_course(), build_course()
    foreign_team = TeamFactory()
    foreign_module = ModulePage.objects.child_of(other).first()
    with pytest.raises(ValidationError) as error:
        assignment_create(
            organisation=organisation,
            course=course,
            team=foreign_team,
            module=foreign_module,
            mandatory=True,
            by=coordinator.user,
        )
    assert set(error.value.message_dict) == {"team", "module", "due_date"}
    assert not organisation.assignments.exists()
    assert not Enrolment.objects.exists()


def test_past_due_date_is_refused(town):
    organisation, *_rest = town
    with pytest.raises(ValidationError) as error:
        assignment_create(
            organisation=organisation,
            course=build_course(),
            mandatory=True,
            due_date=timezone.localdate() - timedelta(days=1),
            by=_rest[2].user,
        )
    assert "due_date" in error.value.message_dict


def test_team_names_are_unique_per_organisation(town):
    organisation, *_ = town
    with pytest.raises(ValidationError):
        team_create(organisation=organisation, name="  onthaal ")
    assert team_create(organisation=OrganisationFactory(), name="Onthaal").pk


def test_anyone_who_joins_later_is_enrolled_whatever_the_way(town):
    organisation, reception, _social, coordinator, *_members = town
    everyone, team_course = build_course(), build_course()
    assignment_create(organisation=organisation, course=everyone, by=coordinator.user)
    assignment_create(
        organisation=organisation, course=team_course, team=reception,
        by=coordinator.user,
    )  # fmt: skip
    # Joining from the profile form (lms knows nothing of assignments).
    newcomer = UserFactory()
    membership = membership_join(user=newcomer, organisation=organisation)
    assert newcomer.pk in enrolled(everyone)
    assert newcomer.pk not in enrolled(team_course)
    # Put in the team from the team's side, as the admin's team editor does.
    reception.memberships.add(membership)
    assert newcomer.pk in enrolled(team_course)
