"""Revoking or replacing a certificate revokes its credential through the published
Bitstring Status List, which an independent verifier checks; a revocation while the
broker is down is published by the periodic task; indexes are random and unique."""

import pytest

from badges import services
from badges.models import Credential, StatusList
from badges.services import credential_issue, status_list_publish
from badges.status_list import LIST_LENGTH, is_set
from badges.tasks import issue_missing_credentials
from certificates.models import Certificate
from certificates.services import certificate_reissue, certificate_revoke
from tests.badges.verifier import verify_with_node
from tests.certificates.helpers import certified_course
from tests.conftest import broker_at, own_redis_server
from tests.factories import UserFactory

from .conftest import earn, published

pytestmark = pytest.mark.django_db


def bit_published(credential: Credential) -> bool:
    """Whether the list as last published has the credential's bit set."""
    status_list = StatusList.objects.get(pk=credential.status_list_id)
    encoded = status_list.credential["credentialSubject"]["encodedList"]
    return is_set(encoded, credential.status_index)


def test_a_revoked_certificate_s_credential_is_reported_revoked(
    certificate, client, django_capture_on_commit_callbacks
):
    document = certificate.open_badge.document
    assert verify_with_node(document, published(client, document))["verified"]
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, reason="Fraude bij de toets")
    credential = Credential.objects.get(certificate=certificate)
    assert credential.revoked_at is not None
    # Published by the task queued on commit, not by the request below.
    assert not StatusList.objects.get(pk=credential.status_list_id).is_stale
    assert bit_published(credential)
    result = verify_with_node(document, published(client, document))
    assert result["status"] == {"revoked": True}
    assert not result["verified"]


def test_a_replaced_certificate_s_credential_is_revoked_and_the_new_one_is_valid(
    certificate, client, django_capture_on_commit_callbacks
):
    old_document = certificate.open_badge.document
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=certificate)
    assert Certificate.objects.get(pk=certificate.pk).status == "superseded"
    new = Certificate.objects.select_related("open_badge").get(pk=new.pk)
    assert new.status == "valid"
    new_document = new.open_badge.document
    assert new_document["id"] != old_document["id"]
    old_result = verify_with_node(old_document, published(client, old_document))
    assert old_result["status"] == {"revoked": True} and not old_result["verified"]
    new_result = verify_with_node(new_document, published(client, new_document))
    assert new_result["status"] == {"revoked": False} and new_result["verified"]


def test_the_list_is_republished_only_when_a_bit_changed(certificate):
    credential = certificate.open_badge
    status_list = StatusList.objects.get(pk=credential.status_list_id)
    status_list_publish(status_list.pk)
    published_at = StatusList.objects.get(pk=status_list.pk).published_at
    assert status_list_publish(status_list.pk) is False  # nothing changed
    assert StatusList.objects.get(pk=status_list.pk).published_at == published_at
    assert not bit_published(credential)
    certificate_revoke(certificate=certificate, reason="x", notify=False)
    # Revoked twice (an erasure after a revocation) counts once.
    assert services.credential_revoke(certificate) is False
    assert StatusList.objects.get(pk=status_list.pk).is_stale
    assert status_list_publish(status_list.pk) is True
    assert bit_published(Credential.objects.get(pk=credential.pk))


@pytest.mark.django_db(transaction=True)
def test_a_revocation_while_the_broker_is_down_is_published_by_the_periodic_task(
    badge_key, settings, tmp_path, django_capture_on_commit_callbacks
):
    certificate = earn(django_capture_on_commit_callbacks)
    credential = certificate.open_badge
    status_list_publish(credential.status_list_id)
    with own_redis_server(tmp_path) as broker, broker_at(settings, broker.url):
        broker.stop()
        # The publication queued on commit fails: the revocation itself stands.
        certificate_revoke(certificate=certificate, reason="x", notify=False)
    assert Certificate.objects.get(pk=certificate.pk).status == "revoked"
    assert StatusList.objects.get(pk=credential.status_list_id).is_stale
    assert not bit_published(credential)
    issue_missing_credentials()  # the beat, every five minutes
    assert not StatusList.objects.get(pk=credential.status_list_id).is_stale
    assert bit_published(credential)


def test_indexes_are_random_and_a_taken_one_is_tried_again(
    badge_key, django_capture_on_commit_callbacks, monkeypatch
):
    course, final = certified_course()
    first = earn(django_capture_on_commit_callbacks, course, final, UserFactory())
    taken = first.open_badge.status_index
    draws = iter([taken, taken, 4242])
    monkeypatch.setattr(services.secrets, "randbelow", lambda n: next(draws))
    second = earn(django_capture_on_commit_callbacks, course, final, UserFactory())
    assert second.open_badge.status_index == 4242
    assert second.open_badge.status_list_id == first.open_badge.status_list_id


def test_a_new_list_starts_when_the_open_one_is_half_full(
    badge_key, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "LIST_FILL", 2)
    course, final = certified_course()
    earned = [
        earn(django_capture_on_commit_callbacks, course, final, UserFactory())
        for _ in range(3)
    ]
    numbers = [c.open_badge.status_list.number for c in earned]
    assert numbers == [1, 1, 2]
    assert all(0 <= c.open_badge.status_index < LIST_LENGTH for c in earned)


def test_a_revocation_waits_for_a_credential_being_issued(
    badge_key, django_capture_on_commit_callbacks
):
    """A certificate revoked before its credential was issued never gets one; one
    revoked after has its bit set."""
    course, final = certified_course()
    certificate = earn(django_capture_on_commit_callbacks, course, final)
    Credential.objects.filter(certificate=certificate).delete()
    certificate_revoke(certificate=certificate, reason="x", notify=False)
    assert credential_issue(certificate.pk) is None
    assert issue_missing_credentials() == 0
