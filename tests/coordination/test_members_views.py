"""The members page: the list with teams, open invitations, inviting one person, and
who may open any of the members pages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import Invitation, MemberImport
from courses.models import Enrolment
from lms.models import JoinRequest, Membership
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    build_course,
)
from tests.factories.coordination import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    organisation = OrganisationFactory(name="Gemeente Lede")
    reception = TeamFactory(organisation=organisation, name="Onthaal")
    social = TeamFactory(organisation=organisation, name="Sociaal huis")
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    )
    return organisation, reception, social, coordinator.user


def members_url(organisation):
    return reverse("coordination:members", args=[organisation.pk])


def teams_url(organisation, membership):
    return reverse("coordination:member_teams", args=[organisation.pk, membership.pk])


def test_the_list_shows_members_teams_and_open_invitations(client, town):
    organisation, reception, _social, coordinator = town
    member = MembershipFactory(organisation=organisation)
    member.teams.add(reception)
    MembershipFactory()  # another organisation's member
    sent = InvitationFactory(organisation=organisation, sent_at=timezone.now())
    expired = InvitationFactory(
        organisation=organisation, expires_at=timezone.now() - timedelta(days=1)
    )
    InvitationFactory(organisation=organisation, accepted_at=timezone.now())
    client.force_login(coordinator)
    page = client.get(members_url(organisation))
    assert page.status_code == 200
    html = page.content.decode()
    assert {m.pk for m in page.context["members"]} == {
        m.pk for m in organisation.memberships.all()
    }
    assert len(page.context["members"]) == 2
    assert f'data-member="{member.pk}"' in html
    assert (
        reverse("coordination:member_detail", args=[organisation.pk, member.pk]) in html
    )
    assert f'id="m{member.pk}-t{reception.pk}" checked' in html
    assert f'data-invitation="{sent.pk}" data-state="sent"' in html
    assert f'data-invitation="{expired.pk}" data-state="expired"' in html
    assert html.count("data-invitation=") == 2  # the accepted one is no longer open


def add_people(organisation, teams, count):
    for _ in range(count):
        MembershipFactory(organisation=organisation).teams.add(*teams)
        InvitationFactory(organisation=organisation).teams.add(*teams)
        JoinRequest.objects.create(
            user=UserFactory(), organisation=organisation, notified_at=timezone.now()
        )


def test_the_list_costs_the_same_queries_for_1_or_30_members(
    client, town, django_assert_max_num_queries
):
    organisation, reception, social, coordinator = town
    client.force_login(coordinator)
    add_people(organisation, [reception, social], 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(members_url(organisation)).status_code == 200
    add_people(organisation, [reception, social], 29)
    with django_assert_max_num_queries(len(one)):
        page = client.get(members_url(organisation))
    assert len(page.context["members"]) == 31
    assert len(page.context["join_requests"]) == 30


def test_inviting_one_person_from_the_page(
    client, town, mailoutbox, django_capture_on_commit_callbacks
):
    organisation, reception, social, coordinator = town
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            members_url(organisation),
            {
                "email": "lies@example.be",
                "first_name": "Lies",
                "last_name": "Claes",
                "teams": [reception.pk, social.pk],
                "role": "learner",
                "language": "fr",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="lies@example.be")
    assert invitation.language == "fr"
    assert invitation.invited_by == coordinator
    assert set(invitation.teams.all()) == {reception, social}
    assert len(mailoutbox) == 1


def test_inviting_a_member_again_is_refused_on_the_form(client, town, mailoutbox):
    organisation, _reception, _social, coordinator = town
    member = MembershipFactory(organisation=organisation)
    client.force_login(coordinator)
    response = client.post(
        members_url(organisation),
        {"email": member.user.email, "role": "learner", "language": "nl"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("email")
    assert mailoutbox == []


def test_a_team_of_another_organisation_cannot_be_chosen(client, town):
    organisation, _reception, _social, coordinator = town
    foreign = TeamFactory()
    client.force_login(coordinator)
    response = client.post(
        members_url(organisation),
        {
            "email": "x@example.be",
            "teams": [foreign.pk],
            "role": "learner",
            "language": "nl",
        },
    )
    assert response.context["form"].has_error("teams")
    assert not Invitation.objects.exists()


def test_setting_a_members_teams_enrols_them(client, town):
    organisation, reception, social, coordinator = town
    course = build_course()
    AssignmentFactory(organisation=organisation, team=social, course=course)
    member = MembershipFactory(organisation=organisation)
    member.teams.add(reception)
    client.force_login(coordinator)
    response = client.post(teams_url(organisation, member), {"teams": [social.pk]})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#member-{member.pk}")
    assert list(member.teams.all()) == [social]
    assert Enrolment.objects.filter(user=member.user, course=course).exists()
    client.post(teams_url(organisation, member), {})  # nothing ticked: no teams
    assert not member.teams.exists()


def test_a_forged_team_changes_nothing(client, town):
    organisation, reception, _social, coordinator = town
    member = MembershipFactory(organisation=organisation)
    member.teams.add(reception)
    client.force_login(coordinator)
    client.post(teams_url(organisation, member), {"teams": [TeamFactory().pk]})
    assert list(member.teams.all()) == [reception]


# --- Access


@pytest.fixture
def urls(town):
    """Every members URL of the town, with the method to try it with."""
    organisation, reception, _social, coordinator = town
    member = MembershipFactory(organisation=organisation)
    member_import = MemberImport.objects.create(
        organisation=organisation,
        created_by=coordinator,
        filename="leden.csv",
        rows=[
            {
                "line": 2,
                "first_name": "A",
                "last_name": "B",
                "email": "ab@example.be",
                "teams": [],
                "role": "",
            }
        ],
    )
    pk = organisation.pk
    return [
        ("get", reverse("coordination:members", args=[pk]), {}),
        (
            "post",
            reverse("coordination:members", args=[pk]),
            {"email": "z@example.be", "role": "learner", "language": "nl"},
        ),
        ("get", reverse("coordination:member_import", args=[pk]), {}),
        (
            "post",
            reverse("coordination:member_import", args=[pk]),
            {"file": SimpleUploadedFile("l.csv", b"email\nq@example.be\n")},
        ),
        (
            "get",
            reverse("coordination:member_import_preview", args=[pk, member_import.pk]),
            {},
        ),
        (
            "post",
            reverse("coordination:member_import_preview", args=[pk, member_import.pk]),
            {},
        ),
        (
            "post",
            reverse("coordination:member_teams", args=[pk, member.pk]),
            {"teams": [reception.pk]},
        ),
    ]


def nothing_changed(town):
    organisation = town[0]
    assert not Invitation.objects.exists()
    assert MemberImport.objects.count() == 1
    assert MemberImport.objects.get().confirmed_at is None
    assert not Membership.objects.filter(teams__isnull=False).exists()
    assert organisation.memberships.count() == 2


@pytest.mark.parametrize("who", ["other_coordinator", "learner", "trainer"])
def test_only_the_organisations_coordinators_get_in(client, town, urls, who):
    organisation = town[0]
    if who == "other_coordinator":
        person = MembershipFactory(role=Membership.Role.COORDINATOR).user
    else:
        person = MembershipFactory(organisation=organisation, role=who).user
    client.force_login(person)
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    Membership.objects.filter(user=person).delete()
    nothing_changed(town)


def test_a_coordinator_cannot_reach_another_organisations_import_or_member(
    client, town, urls
):
    """Their own organisation's id with the town's import or member in the URL."""
    mine = MembershipFactory(role=Membership.Role.COORDINATOR)
    client.force_login(mine.user)
    own = mine.organisation.pk
    town_pk = str(town[0].pk)
    with_ids = [
        u
        for u in urls
        if "/importeren/" in u[1]
        and not u[1].endswith("/importeren/")
        or "/teams/" in u[1]
    ]
    assert len(with_ids) == 3
    for method, url, data in with_ids:
        swapped = url.replace(f"/organisatie/{town_pk}/", f"/organisatie/{own}/")
        response = getattr(client, method)(swapped, data)
        assert response.status_code == 404, (method, swapped)
    mine.delete()
    nothing_changed(town)


def test_anonymous_visitors_are_sent_to_log_in(client, town, urls):
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    nothing_changed(town)
