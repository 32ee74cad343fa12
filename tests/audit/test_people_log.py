"""The people log: every coordinator and admin action on people is recorded with who,
when, what and from which address; admins read and filter it in the Wagtail admin,
coordinators read their own organisation's."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLogEntry
from coordination.services import join_request_decide
from lms.joining import join_request_create
from lms.models import Membership
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    VerifiedUserFactory,
    build_course,
)

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"


@pytest.fixture
def town():
    organisation = OrganisationFactory(name="Gemeente Lede")
    team = TeamFactory(organisation=organisation, name="Onthaal")
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR,
        user__first_name="Carla", user__last_name="Coördinator",
    ).user  # fmt: skip
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR=ADDRESS)
    client.force_login(coordinator)
    return organisation, team, coordinator, client


def entry(action: str) -> AuditLogEntry:
    return AuditLogEntry.objects.get(action=action)


def test_each_coordinator_action_is_logged_with_who_when_and_address(
    town, django_capture_on_commit_callbacks
):
    organisation, team, coordinator, client = town
    org = organisation.pk
    course = build_course()
    member = MembershipFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        asking = join_request_create(
            user=VerifiedUserFactory(), organisation=organisation
        )
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("coordination:members", args=[org]),
            {"email": "nieuw@example.be", "role": "learner", "language": "nl"},
        )
        client.post(
            reverse("coordination:member_teams", args=[org, member.pk]),
            {"teams": [team.pk]},
        )
        client.post(
            reverse("coordination:assignments", args=[org]),
            {"course": course.pk, "team": team.pk, "mandatory": ""},
        )
        client.post(
            reverse("coordination:join_request_decide", args=[org, asking.pk]),
            {"decision": "approve"},
        )
        client.get(reverse("coordination:progress_export", args=[org, "csv"]))
    assignment = organisation.assignments.get()
    client.post(reverse("coordination:assignment_delete", args=[org, assignment.pk]))
    actions = [
        "coordination.invite", "coordination.teams", "coordination.assign",
        "coordination.join_approve", "coordination.export", "coordination.unassign",
    ]  # fmt: skip
    for action in actions:
        logged = entry(action)
        assert logged.user == coordinator, action
        assert logged.organisation == organisation, action
        assert logged.ip_address == ADDRESS, action
        assert logged.timestamp >= before, action
    assert entry("coordination.invite").about == "nieuw@example.be"
    assert entry("coordination.teams").subject == member.user
    assert entry("coordination.teams").data == {"teams": ["Onthaal"]}
    assert str(entry("coordination.teams").message) == "In de teams gezet: Onthaal"
    assert entry("coordination.join_approve").subject == asking.user
    assert entry("coordination.export").data == {"format": "csv", "members": 3}


def test_behind_a_proxy_the_visitors_address_is_logged(town, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    organisation, _team, _coordinator, _client = town
    client = Client(
        HTTP_HOST="localhost", REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.50",
    )  # fmt: skip
    client.force_login(_coordinator)
    client.get(reverse("coordination:progress_export", args=[organisation.pk, "csv"]))
    assert entry("coordination.export").ip_address == "203.0.113.50"


def test_an_action_that_fails_leaves_no_entry(town, django_capture_on_commit_callbacks):
    organisation, _team, coordinator, _client = town
    with django_capture_on_commit_callbacks(execute=True):
        asking = join_request_create(
            user=VerifiedUserFactory(), organisation=organisation
        )
    join_request_decide(join_request=asking, by=coordinator, approve=False)
    with pytest.raises(Exception):  # noqa: B017 - decided already
        join_request_decide(join_request=asking, by=coordinator, approve=True)
    assert (
        AuditLogEntry.objects.filter(action__startswith="coordination.join").count()
        == 1
    )
    assert not Membership.objects.filter(user=asking.user).exists()


def test_admin_edits_of_people_in_the_wagtail_admin_are_logged_with_the_address(
    town,
):
    organisation, _team, _coordinator, _client = town
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR=ADDRESS)
    client.force_login(admin)
    membership = MembershipFactory(organisation=organisation)
    response = client.post(
        reverse("wagtailsnippets_lms_membership:edit", args=[membership.pk]),
        {
            "user": membership.user.pk, "organisation": organisation.pk,
            "role": "trainer",
        },
    )  # fmt: skip
    assert response.status_code == 302
    logged = AuditLogEntry.objects.get(action="wagtail.edit")
    assert (logged.user, logged.subject, logged.organisation) == (
        admin, membership.user, organisation,
    )  # fmt: skip
    assert logged.ip_address == ADDRESS


def test_admins_read_and_filter_the_log_and_download_it(town):
    organisation, _team, coordinator, client = town
    other = OrganisationFactory(name="OCMW Erps")
    AssignmentFactory(organisation=organisation)
    from coordination.services import assignment_create

    assignment_create(organisation=other, course=build_course(), by=coordinator)
    client.get(reverse("coordination:progress_export", args=[organisation.pk, "csv"]))
    admin_client = Client(HTTP_HOST="localhost")
    admin_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("audit_people_log")
    page = admin_client.get(url).content.decode()
    assert "Gemeente Lede" in page and "OCMW Erps" in page and ADDRESS in page
    filtered = admin_client.get(
        reverse("audit_people_log_results"), {"organisation": organisation.pk}
    )
    html = filtered.content.decode()
    assert "Gemeente Lede" in html and "OCMW Erps" not in html
    csv = admin_client.get(url, {"export": "csv"})
    body = b"".join(csv.streaming_content).decode()
    assert "OCMW Erps" in body and ADDRESS in body


def test_the_log_is_for_admins_and_those_given_the_permission(town):
    _organisation, _team, _coordinator, _client = town
    editor = UserFactory(is_staff=True)
    editors = Group.objects.create(name="Redacteurs")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    url = reverse("audit_people_log")
    assert client.get(url).status_code in (302, 403)
    dpo = Group.objects.create(name="DPO")
    dpo.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_auditlogentry"),
    )
    editor.groups.add(dpo)
    assert client.get(url).status_code == 200


def test_coordinators_read_their_own_organisations_log_only(town):
    organisation, _team, coordinator, client = town
    other = OrganisationFactory(name="OCMW Erps")
    other_coordinator = MembershipFactory(organisation=other, role="coordinator").user
    client.get(reverse("coordination:progress_export", args=[organisation.pk, "csv"]))
    from audit.services import audit_record

    audit_record(action="coordination.export", instance=other, by=other_coordinator)
    page = client.get(reverse("coordination:log", args=[organisation.pk]))
    html = page.content.decode()
    assert html.count('data-action="coordination.export"') == 1
    assert "Carla Coördinator" in html
    assert ADDRESS not in html  # addresses are for the admins
    assert client.get(reverse("coordination:log", args=[other.pk])).status_code == 404
    only = client.get(
        reverse("coordination:log", args=[organisation.pk]), {"action": "nope"}
    )
    assert only.status_code == 200


def test_certificates_revoked_and_reissued_in_the_admin_are_logged(
    django_capture_on_commit_callbacks,
):
    from tests.certificates.helpers import certified_course, complete

    with django_capture_on_commit_callbacks(execute=True):
        course, final = certified_course()
        learner = complete(course, final)
    certificate = learner.certificates.get()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR=ADDRESS)
    client.force_login(admin)
    client.post(
        reverse("certificates_revoke", args=[certificate.pk]), {"reason": "Fraude"}
    )
    logged = entry("certificates.revoke")
    assert (logged.user, logged.subject, logged.ip_address) == (
        admin, learner, ADDRESS,
    )  # fmt: skip
    assert logged.timestamp > timezone.now() - timedelta(minutes=1)


@pytest.mark.parametrize("count", [1, 30])
def test_the_organisations_log_costs_the_same_for_1_or_30_entries(
    town, count, django_assert_max_num_queries
):
    from audit.services import audit_record

    organisation, _team, coordinator, client = town
    for _ in range(count):
        member = MembershipFactory(organisation=organisation)
        audit_record(action="coordination.teams", instance=member, by=coordinator)
    url = reverse("coordination:log", args=[organisation.pk])
    client.get(url)
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert page.content.decode().count('data-action="coordination.teams"') == count


def test_a_coordinator_downloading_a_members_certificate_is_logged(
    town, django_capture_on_commit_callbacks
):
    from tests.certificates.helpers import certified_course, complete

    organisation, _team, coordinator, client = town
    with django_capture_on_commit_callbacks(execute=True):
        course, final = certified_course()
        learner = complete(course, final)
    MembershipFactory(user=learner, organisation=organisation)
    certificate = learner.certificates.get()
    url = reverse("certificates:download", args=[certificate.pk])
    assert client.get(url).status_code == 200
    logged = entry("certificates.download")
    assert (logged.user, logged.subject, logged.organisation, logged.ip_address) == (
        coordinator, learner, organisation, ADDRESS,
    )  # fmt: skip
    own = Client(HTTP_HOST="localhost")
    own.force_login(learner)
    own.get(url)  # the learner's own download is theirs, not logged
    assert AuditLogEntry.objects.filter(action="certificates.download").count() == 1
