"""The coordinator's teams and assignments pages, and what a learner sees of them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coordination.models import Assignment
from courses.models import Enrolment
from lms.models import Team
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    build_course,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    organisation = OrganisationFactory(name="Stad Voorbeeld")
    team = TeamFactory(organisation=organisation, name="Sociaal huis")
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    member = MembershipFactory(organisation=organisation)
    member.teams.add(team)
    return organisation, team, coordinator, member


def test_coordinator_assigns_a_course_as_mandatory_to_a_team(client, town):
    organisation, team, coordinator, member = town
    course = build_course()
    client.force_login(coordinator.user)
    url = reverse("coordination:assignments", args=[organisation.pk])
    due = timezone.localdate() + timedelta(days=30)
    response = client.post(
        url,
        {"course": course.pk, "team": team.pk, "mandatory": "1", "due_date": due},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.team, assignment.mandatory, assignment.due_date) == (
        team,
        True,
        due,
    )
    assert Enrolment.objects.filter(user=member.user, course=course).exists()
    assert not Enrolment.objects.filter(user=coordinator.user).exists()
    listing = client.get(url).content.decode()
    assert course.title in listing and "Sociaal huis" in listing


def test_mandatory_without_due_date_is_refused_and_nothing_changes(client, town):
    organisation, team, coordinator, _member = town
    client.force_login(coordinator.user)
    response = client.post(
        reverse("coordination:assignments", args=[organisation.pk]),
        {"course": build_course().pk, "team": team.pk, "mandatory": "1"},
    )
    assert response.status_code == 200
    assert "due_date" in response.context["form"].errors
    assert not Assignment.objects.exists() and not Enrolment.objects.exists()
    # A recommended course with a date in the past: refused, the date shown again.
    response = client.post(
        reverse("coordination:assignments", args=[organisation.pk]),
        {"course": build_course().pk, "mandatory": "", "due_date": "2020-01-31"},
    )
    assert 'value="2020-01-31"' in response.content.decode()
    assert not Assignment.objects.exists()


def test_another_organisations_team_cannot_be_chosen(client, town):
    organisation, _team, coordinator, _member = town
    client.force_login(coordinator.user)
    response = client.post(
        reverse("coordination:assignments", args=[organisation.pk]),
        {"course": build_course().pk, "team": TeamFactory().pk, "mandatory": ""},
    )
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_withdrawing_keeps_enrolments_and_is_scoped(client, town):
    organisation, team, coordinator, member = town
    course = build_course()
    mine = AssignmentFactory(organisation=organisation, course=course)
    Enrolment.objects.create(user=member.user, course=course)
    theirs = AssignmentFactory()
    client.force_login(coordinator.user)
    foreign = reverse(
        "coordination:assignment_delete", args=[organisation.pk, theirs.pk]
    )
    assert client.post(foreign).status_code == 404
    other_org = reverse(
        "coordination:assignment_delete", args=[theirs.organisation.pk, theirs.pk]
    )
    assert client.post(other_org).status_code == 404
    assert (
        client.get(
            reverse("coordination:assignment_delete", args=[organisation.pk, mine.pk])
        ).status_code
        == 405
    )
    response = client.post(
        reverse("coordination:assignment_delete", args=[organisation.pk, mine.pk])
    )
    assert response.status_code == 302
    assert set(Assignment.objects.all()) == {theirs}
    assert Enrolment.objects.filter(user=member.user, course=course).exists()


def test_teams_are_added_on_the_organisation_page(client, town):
    organisation, _team, coordinator, _member = town
    client.force_login(coordinator.user)
    url = reverse("coordination:home", args=[organisation.pk])
    assert client.post(url, {"name": " Burgerzaken "}).status_code == 302
    assert client.post(url, {"name": "burgerzaken"}).status_code == 200  # duplicate
    assert list(
        Team.objects.filter(organisation=organisation).values_list("name", flat=True)
    ) == ["Burgerzaken", "Sociaal huis"]
    assert "Burgerzaken" in client.get(url).content.decode()


def test_organisation_list_goes_straight_to_the_only_one(client, town):
    organisation, _team, coordinator, member = town
    client.force_login(coordinator.user)
    response = client.get(reverse("coordination:organisations"))
    assert response.url == reverse("coordination:home", args=[organisation.pk])
    MembershipFactory(user=coordinator.user, role="coordinator")
    assert client.get(reverse("coordination:organisations")).status_code == 200
    client.force_login(member.user)
    assert client.get(reverse("coordination:organisations")).status_code == 404


def test_menu_shows_my_organisation_to_coordinators_only(client, town):
    _organisation, _team, coordinator, member = town
    link = reverse("coordination:organisations")
    client.force_login(coordinator.user)
    assert f'href="{link}"' in client.get(reverse("profile")).content.decode()
    client.force_login(member.user)
    assert f'href="{link}"' not in client.get(reverse("profile")).content.decode()


def test_post_without_csrf_token_is_refused(town):
    organisation, team, coordinator, _member = town
    strict = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    strict.force_login(coordinator.user)
    for name in ("assignments", "home", "follow_ups"):
        url = reverse(f"coordination:{name}", args=[organisation.pk])
        assert strict.post(url, {"name": "X", "course": 1}).status_code == 403
    assert not Assignment.objects.exists()
    assert not Team.objects.filter(name="X").exists()


def test_learner_dashboard_lists_mandatory_assignments_first(client, town):
    organisation, team, _coordinator, member = town
    recommended = build_course()
    mandatory = build_course()
    AssignmentFactory(organisation=organisation, course=recommended)
    due = timezone.localdate() + timedelta(days=12)
    AssignmentFactory(
        organisation=organisation,
        team=team,
        course=mandatory,
        mandatory=True,
        due_date=due,
    )
    AssignmentFactory(course=build_course())  # another organisation's
    client.force_login(member.user)
    page = client.get(reverse("courses:dashboard")).content.decode()
    panel = page[page.index('id="assignments-title"') :]
    assert panel.index(mandatory.title) < panel.index(recommended.title)
    assert page.count('data-status="not_started"') == 2
    assert reverse("coordination:my_reminders") in panel


def test_dashboard_without_assignments_has_no_panel(client):
    member = MembershipFactory()
    client.force_login(member.user)
    page = client.get(reverse("courses:dashboard")).content.decode()
    assert 'id="assignments-title"' not in page


def test_profile_names_who_can_see_my_progress(client, town):
    organisation, _team, coordinator, member = town
    coordinator.user.first_name, coordinator.user.last_name = "Jan", "Claes"
    coordinator.user.save()
    lonely = MembershipFactory(user=member.user)  # an organisation without coordinator
    client.force_login(member.user)
    page = client.get(reverse("profile")).content.decode()
    mine = page[page.index(f'data-progress-visible-to="{organisation.pk}"') :]
    assert "Jan Claes" in mine[: mine.index("</span>")]
    theirs = page[page.index(f'data-progress-visible-to="{lonely.organisation.pk}"') :]
    assert "Jan Claes" not in theirs[: theirs.index("</span>")]
