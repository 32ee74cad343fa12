"""Asking to join an organisation from one's profile: a coordinator of that
organisation approves or refuses (a mail both ways); addresses at the organisation's
own domain join at once. Until then the organisation sees nothing of the person."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lms.joining import join_request_create
from lms.models import JoinRequest, Membership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    organisation = OrganisationFactory(name="Gemeente Lede", join_domains="lede.be")
    coordinator = MembershipFactory(
        organisation=organisation, role="coordinator",
        user__preferred_language="fr",
    ).user  # fmt: skip
    return organisation, coordinator


def ask(person, organisation, capture):
    with capture(execute=True):
        return join_request_create(user=person, organisation=organisation)


def test_asking_mails_the_coordinators_once_and_shows_nothing_to_them(
    town, client, mailoutbox, django_capture_on_commit_callbacks
):
    organisation, coordinator = town
    person = VerifiedUserFactory(email="an@gmail.com", first_name="An")
    request = ask(person, organisation, django_capture_on_commit_callbacks)
    again = ask(person, organisation, django_capture_on_commit_callbacks)
    assert isinstance(request, JoinRequest) and again.pk == request.pk
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert mailoutbox[0].subject.endswith("demande à rejoindre Gemeente Lede")
    assert not Membership.objects.filter(user=person).exists()
    client.force_login(coordinator)
    progress = client.get(reverse("coordination:progress", args=[organisation.pk]))
    assert b"an@gmail.com" not in progress.content
    export = client.get(
        reverse("coordination:progress_export", args=[organisation.pk, "csv"])
    )
    assert b"an@gmail.com" not in export.content
    members = client.get(reverse("coordination:members", args=[organisation.pk]))
    assert f'data-join-request="{request.pk}"'.encode() in members.content


def test_an_address_of_the_organisations_own_domain_joins_at_once(
    town, django_capture_on_commit_callbacks
):
    organisation, _coordinator = town
    person = VerifiedUserFactory(email="an@lede.be")
    outcome = ask(person, organisation, django_capture_on_commit_callbacks)
    assert isinstance(outcome, Membership) and outcome.role == "learner"
    # An unverified address at that domain proves nothing: it asks like anyone.
    stranger = UserFactory(email="bob@lede.be")
    assert isinstance(
        ask(stranger, organisation, django_capture_on_commit_callbacks), JoinRequest
    )


def test_approving_makes_a_member_and_tells_them(
    town, client, mailoutbox, django_capture_on_commit_callbacks
):
    organisation, coordinator = town
    person = VerifiedUserFactory(preferred_language="nl")
    request = ask(person, organisation, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    client.force_login(coordinator)
    url = reverse(
        "coordination:join_request_decide", args=[organisation.pk, request.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"decision": "approve"}).status_code == 302
        client.post(url, {"decision": "approve"})  # a double click decides once
    assert (
        Membership.objects.filter(user=person, organisation=organisation).count() == 1
    )
    assert [m.to for m in mailoutbox] == [[person.email]]
    assert mailoutbox[0].subject == "Je bent nu lid van Gemeente Lede"


def test_refusing_keeps_them_out_and_tells_them(
    town, client, mailoutbox, django_capture_on_commit_callbacks
):
    organisation, coordinator = town
    person = VerifiedUserFactory(preferred_language="nl")
    request = ask(person, organisation, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    client.force_login(coordinator)
    url = reverse(
        "coordination:join_request_decide", args=[organisation.pk, request.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "refuse"})
    assert not Membership.objects.filter(user=person).exists()
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("refused", coordinator)
    assert "niet aanvaard" in mailoutbox[0].subject


def test_only_a_coordinator_of_that_organisation_decides(
    town, django_capture_on_commit_callbacks
):
    organisation, _coordinator = town
    request = ask(
        VerifiedUserFactory(), organisation, django_capture_on_commit_callbacks
    )
    url = reverse(
        "coordination:join_request_decide", args=[organisation.pk, request.pk]
    )
    other = MembershipFactory(role="coordinator")
    member = MembershipFactory(organisation=organisation)
    for user in (other.user, member.user):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        assert client.post(url, {"decision": "approve"}).status_code == 404
    # Another organisation's request under my organisation's URL is not found either.
    theirs = ask(
        VerifiedUserFactory(), other.organisation, django_capture_on_commit_callbacks
    )
    mine = Client(HTTP_HOST="localhost")
    mine.force_login(_coordinator)
    wrong = reverse(
        "coordination:join_request_decide", args=[organisation.pk, theirs.pk]
    )
    assert mine.post(wrong, {"decision": "approve"}).status_code == 404
    assert not Membership.objects.filter(user=request.user).exists()


def test_deciding_needs_csrf(town, django_capture_on_commit_callbacks):
    organisation, coordinator = town
    request = ask(
        VerifiedUserFactory(), organisation, django_capture_on_commit_callbacks
    )
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(coordinator)
    url = reverse(
        "coordination:join_request_decide", args=[organisation.pk, request.pk]
    )
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert not Membership.objects.filter(user=request.user).exists()


def test_the_person_withdraws_their_own_request_only(
    town, client, django_capture_on_commit_callbacks
):
    organisation, _coordinator = town
    person = VerifiedUserFactory()
    request = ask(person, organisation, django_capture_on_commit_callbacks)
    client.force_login(VerifiedUserFactory())
    url = reverse("join_request_withdraw", args=[request.pk])
    assert client.post(url).status_code == 404
    client.force_login(person)
    profile = client.get(reverse("profile")).content.decode()
    assert "Gemeente Lede" in profile
    assert client.post(url).status_code == 302
    assert not JoinRequest.objects.exists()


def test_a_public_mail_domain_cannot_let_people_in():
    organisation = OrganisationFactory.build(join_domains="mechelen.be, gmail.com")
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "join_domains" in refused.value.message_dict
    organisation.join_domains = "mechelen.be, @stad.mechelen.be"
    organisation.full_clean()
    assert organisation.join_domain_list == ["mechelen.be", "stad.mechelen.be"]


def test_a_lost_notice_is_sent_by_the_sweep(
    town, mailoutbox, django_capture_on_commit_callbacks
):
    from coordination.services import join_requests_notify_pending

    organisation, coordinator = town
    person = VerifiedUserFactory()
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down
        request = join_request_create(user=person, organisation=organisation)
    assert mailoutbox == [] and request.notified_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert join_requests_notify_pending() == 1
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert join_requests_notify_pending() == 0
