"""Joining a network: open at once, with approval through the moderators (decided
once, by a moderator only), leaving, and being visible or not."""

import pytest
from django.core import mail

from network import services
from network.models import NetworkMember, NetworkPage
from tests.factories import UserFactory

from .conftest import member, network_page

pytestmark = pytest.mark.django_db
Status = NetworkMember.Status


def test_an_open_network_takes_a_member_at_once_and_mails_no_one(
    moderator, django_capture_on_commit_callbacks
):
    network = network_page(moderators=[moderator])
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        joined = services.network_join(user=person, network=network)
    assert joined.status == Status.MEMBER
    assert not joined.visible  # nobody is shown before they choose to be
    assert mail.outbox == []
    # Joining again (a double click) changes nothing.
    assert services.network_join(user=person, network=network).pk == joined.pk
    assert NetworkMember.objects.filter(network=network).count() == 1


def test_a_request_waits_for_the_moderators_who_are_mailed_in_their_language(
    django_capture_on_commit_callbacks,
):
    dutch = UserFactory(first_name="Mona", preferred_language="nl")
    french = UserFactory(first_name="Marc", preferred_language="fr")
    network = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[dutch, french]
    )
    person = UserFactory(first_name="Pieter", last_name="Pauwels")
    with django_capture_on_commit_callbacks(execute=True):
        request = services.network_join(user=person, network=network)
    assert request.status == Status.PENDING
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {dutch.email, french.email}
    for message in mail.outbox:
        assert "Pieter Pauwels" in message.body
        assert f"/netwerken/{network.pk}/aanvragen/" in message.body
    assert by_address[dutch.email].body.startswith("Hallo Mona")
    assert by_address[french.email].body.startswith("Bonjour Marc")


def test_a_moderator_decides_once_and_the_person_is_mailed(
    moderator, django_capture_on_commit_callbacks
):
    network = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[moderator]
    )
    request = member(network, status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.network_decide(
            moderator=moderator, member=request, approve=True
        )
    assert decided.status == Status.MEMBER
    assert decided.decided_by == moderator and decided.decided_at is not None
    assert [m.to for m in mail.outbox] == [[request.user.email]]
    assert "/netwerken/westkust/" in mail.outbox[0].body  # the network's page
    with pytest.raises(services.AlreadyDecided):
        services.network_decide(moderator=moderator, member=request, approve=False)
    request.refresh_from_db()
    assert request.status == Status.MEMBER


def test_only_a_moderator_of_this_network_decides(moderator):
    network = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[moderator]
    )
    elsewhere = network_page(
        "Elders", joining=NetworkPage.Joining.APPROVAL, moderators=[UserFactory()]
    )
    request = member(network, status=Status.PENDING)
    fellow = member(network).user  # a member is no moderator
    for someone in (fellow, elsewhere.moderators.get()):
        with pytest.raises(services.NotModerator):
            services.network_decide(moderator=someone, member=request, approve=True)
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_a_refused_request_stays_refused(moderator):
    network = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[moderator]
    )
    request = member(network, status=Status.PENDING)
    services.network_decide(moderator=moderator, member=request, approve=False)
    assert services.network_join(user=request.user, network=network).status == (
        Status.REFUSED
    )
    assert not services.network_leave(user=request.user, network=network)
    assert NetworkMember.objects.get(pk=request.pk).status == Status.REFUSED


def test_leaving_and_withdrawing(moderator):
    network = network_page(moderators=[moderator])
    one = member(network)
    assert services.network_leave(user=one.user, network=network)
    assert not NetworkMember.objects.filter(pk=one.pk).exists()
    assert not services.network_leave(user=one.user, network=network)
    pending = member(network, status=Status.PENDING)
    assert services.network_leave(user=pending.user, network=network)
    assert not NetworkMember.objects.filter(pk=pending.pk).exists()


def test_only_members_choose_their_visibility():
    network = network_page()
    one = member(network, visible=False)
    shown = services.member_visibility_set(user=one.user, network=network, visible=True)
    assert shown.visible
    waiting = member(network, status=Status.PENDING)
    with pytest.raises(services.NotMember):
        services.member_visibility_set(user=waiting.user, network=network, visible=True)
