"""Every coordinator URL × role × organisation: only a coordinator of the organisation
gets in, and an id of another organisation in the URL answers 404, exports included."""

import pytest
from django.test import Client
from django.urls import reverse

from coordination.models import MemberImport
from lms.models import JoinRequest
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    build_course,
)

pytestmark = pytest.mark.django_db

#: name → how to build the URL's arguments from (organisation, objects of it)
URLS = {
    "home": lambda o, x: [o.pk],
    "assignments": lambda o, x: [o.pk],
    "assignment_delete": lambda o, x: [o.pk, x["assignment"].pk],
    "follow_ups": lambda o, x: [o.pk],
    "members": lambda o, x: [o.pk],
    "member_import": lambda o, x: [o.pk],
    "member_import_preview": lambda o, x: [o.pk, x["import"].pk],
    "member_teams": lambda o, x: [o.pk, x["member"].pk],
    "reminders": lambda o, x: [o.pk],
    "progress": lambda o, x: [o.pk],
    "progress_csv": lambda o, x: [o.pk, "csv"],
    "progress_xlsx": lambda o, x: [o.pk, "xlsx"],
    "member_detail": lambda o, x: [o.pk, x["member"].pk],
    "summary": lambda o, x: [o.pk],
    "log": lambda o, x: [o.pk],
    "join_request_decide": lambda o, x: [o.pk, x["join_request"].pk],
}
POST_ONLY = {"assignment_delete", "member_teams", "join_request_decide"}


def _url(name, organisation, objects):
    view = {"progress_csv": "progress_export", "progress_xlsx": "progress_export"}
    return reverse(
        f"coordination:{view.get(name, name)}", args=URLS[name](organisation, objects)
    )


def _organisation():
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    member = MembershipFactory(organisation=organisation)
    member.teams.add(team)
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    return organisation, {
        "team": team,
        "member": member,
        "coordinator": coordinator,
        "trainer": MembershipFactory(organisation=organisation, role="trainer"),
        "assignment": AssignmentFactory(
            organisation=organisation, course=build_course()
        ),
        "import": MemberImport.objects.create(
            organisation=organisation,
            created_by=coordinator.user,
            filename="leden.csv",
            rows=[],
        ),
        "join_request": JoinRequest.objects.create(
            user=UserFactory(), organisation=organisation
        ),
    }


@pytest.fixture
def towns():
    return _organisation(), _organisation()


def _status(client, name, url):
    response = client.post(url) if name in POST_ONLY else client.get(url)
    return response


@pytest.mark.parametrize("name", URLS)
def test_only_the_organisations_coordinator_gets_in(name, towns):
    (town, objects), (_other, other_objects) = towns
    url = _url(name, town, objects)
    anonymous = Client(HTTP_HOST="localhost")
    response = _status(anonymous, name, url)
    assert response.status_code == 302 and "/account/login/" in response.url
    for who in (
        objects["member"].user,
        objects["trainer"].user,
        other_objects["coordinator"].user,
    ):
        client = Client(HTTP_HOST="localhost")
        client.force_login(who)
        assert _status(client, name, url).status_code == 404, (name, who)
    client = Client(HTTP_HOST="localhost")
    client.force_login(objects["coordinator"].user)
    if name not in POST_ONLY:
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize(
    "name",
    [
        "assignment_delete",
        "member_import_preview",
        "member_teams",
        "member_detail",
        "join_request_decide",
    ],
)
def test_another_organisations_object_in_my_url_is_404(name, towns):
    (town, objects), (_other, other_objects) = towns
    client = Client(HTTP_HOST="localhost")
    client.force_login(objects["coordinator"].user)
    args = URLS[name](town, other_objects)  # my organisation, their object
    view = reverse(f"coordination:{name}", args=args)
    assert _status(client, name, view).status_code == 404
