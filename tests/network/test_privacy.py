"""A person's networks are in their data download and go with their erasure; a
decision they took as moderator stays on the other's row without their name."""

import io
import json
import zipfile

import pytest

from network.models import NetworkMember, NetworkPage
from privacy.services import data_export_write, user_erase
from tests.factories import UserFactory

from .conftest import member, network_page

pytestmark = pytest.mark.django_db
Status = NetworkMember.Status


def test_the_export_holds_memberships_and_moderated_networks(moderator):
    open_network = network_page()
    regional = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[moderator]
    )
    NetworkMember.objects.create(
        network=open_network, user=moderator, status=Status.MEMBER, visible=True
    )
    NetworkMember.objects.create(
        network=regional, user=moderator, status=Status.PENDING
    )
    member(open_network)  # someone else's
    target = io.BytesIO()
    data_export_write(user=moderator, target=target)
    archive = zipfile.ZipFile(target)
    rows = json.loads(archive.read("network_memberships.json"))
    assert [(r["network"], r["status"], r["visible_to_members"]) for r in rows] == [
        ("Lerend netwerk e-inclusie", "member", True),
        ("Westkust", "pending", False),
    ]
    assert json.loads(archive.read("networks_moderated.json")) == [
        {"network": "Westkust"}
    ]


def test_erasure_removes_memberships_and_moderation_and_keeps_others(
    moderator, django_capture_on_commit_callbacks
):
    network = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[moderator]
    )
    mine = NetworkMember.objects.create(
        network=network, user=moderator, status=Status.MEMBER
    )
    other = NetworkMember.objects.create(
        network=network,
        user=UserFactory(),
        status=Status.MEMBER,
        decided_by=moderator,
    )
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=moderator, reason="request")
    assert not NetworkMember.objects.filter(pk=mine.pk).exists()
    other.refresh_from_db()
    assert other.status == Status.MEMBER and other.decided_by is None
    assert not network.moderators.exists()
