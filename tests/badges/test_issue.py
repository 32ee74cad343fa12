"""Every certificate is also an Open Badges 3.0 credential: issued by the certificate's
own render task, checked by an independent verifier (Digital Bazaar's, run by node)
and the 1EdTech JSON schema; a second delivery changes nothing; a missing key or a
broker outage delays a credential but never loses it; a key rotation keeps old
credentials verifiable."""

import copy
import hashlib
import json
from datetime import timedelta

import pytest

from badges import services
from badges.credentials import timestamp
from badges.keys import generate_key_file, load_keys
from badges.models import Credential, StatusList
from badges.services import credential_issue
from badges.tasks import issue_missing_credentials
from certificates.models import Certificate
from certificates.services import certificate_revoke, certificates_requeue_pending
from certificates.tasks import render_certificate
from tests.badges.verifier import validate_schema, verify_with_node
from tests.certificates.helpers import certified_course, complete
from tests.conftest import broker_at, own_redis_server, worker_process
from tests.factories import UserFactory
from tests.waiting import broker_drained, wait_until

from .conftest import earn, published

pytestmark = pytest.mark.django_db


def test_a_valid_certificate_has_a_credential_an_independent_verifier_accepts(
    certificate, client
):
    credential = certificate.open_badge
    document = credential.document
    result = verify_with_node(document, published(client, document))
    assert result["verified"], result["errors"]
    assert result["status"] == {"revoked": False}
    assert validate_schema(document) == []
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == f"urn:uuid:{credential.pk}"
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["proof"]["verificationMethod"].endswith("#" + credential.key_id)


def test_the_credential_says_what_the_certificate_says_and_hides_the_address(
    certificate,
):
    document = certificate.open_badge.document
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.printed["course"]
    assert achievement["inLanguage"] == certificate.language
    assert achievement["id"].endswith(
        f"/open-badges/achievements/{certificate.course.pk}/{certificate.language}/"
    )
    assert [r["inLanguage"] for r in achievement["related"]] == ["fr"]
    assert document["validFrom"] == timestamp(certificate.issued_at)
    assert document["validUntil"] == timestamp(certificate.expires_at)
    # The learner is a salted hash of their address, which appears nowhere.
    assert "lotte.peeters@example.be" not in json.dumps(document)
    (identity,) = document["credentialSubject"]["identifier"]
    expected = hashlib.sha256(
        ("lotte.peeters@example.be" + identity["salt"]).encode()
    ).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert identity["hashed"] is True and identity["identityType"] == "emailAddress"


def test_a_tampered_credential_fails_verification(certificate, client):
    document = certificate.open_badge.document
    documents = published(client, document)
    renamed = copy.deepcopy(document)
    renamed["credentialSubject"]["achievement"]["name"] = "Master in de rechten"
    assert not verify_with_node(renamed, documents)["verified"]
    later = copy.deepcopy(document)
    later["validUntil"] = timestamp(certificate.expires_at + timedelta(days=3650))
    assert not verify_with_node(later, documents)["verified"]


def test_a_second_delivery_issues_nothing_more(
    certificate, django_capture_on_commit_callbacks
):
    first = Credential.objects.get(certificate=certificate)
    with django_capture_on_commit_callbacks(execute=True):
        assert render_certificate.delay(str(certificate.pk)).get() is False
    assert credential_issue(certificate.pk) is None
    assert issue_missing_credentials.delay().get() == 0
    again = Credential.objects.get(certificate=certificate)
    assert again.document == first.document
    assert (again.status_list_id, again.status_index) == (
        first.status_list_id,
        first.status_index,
    )
    assert Credential.objects.count() == 1


def test_without_a_key_the_certificate_is_valid_and_the_credential_comes_later(
    settings, tmp_path, django_capture_on_commit_callbacks, client
):
    settings.OPEN_BADGES_KEY_FILE = str(tmp_path / "not-made-yet.json")
    certificate = earn(django_capture_on_commit_callbacks)
    assert certificate.status == Certificate.Status.VALID and certificate.pdf
    assert not Credential.objects.filter(certificate=certificate).exists()
    assert issue_missing_credentials.delay().get() == 0  # still no key: nothing

    generate_key_file(tmp_path / "not-made-yet.json")  # the operator makes one
    assert issue_missing_credentials.delay().get() == 1
    document = Credential.objects.get(certificate=certificate).document
    assert verify_with_node(document, published(client, document))["verified"]


def test_pending_revoked_and_replaced_certificates_get_no_credential(
    badge_key, django_capture_on_commit_callbacks
):
    course, final = certified_course()
    pending_user = UserFactory()
    complete(course, final, pending_user)  # its render never ran: still pending
    assert credential_issue(Certificate.objects.get(user=pending_user).pk) is None
    revoked = earn(django_capture_on_commit_callbacks, course, final)
    Credential.objects.filter(certificate=revoked).delete()
    Certificate.objects.filter(pk=revoked.pk).update(status="revoked")
    assert issue_missing_credentials.delay().get() == 0
    assert Credential.objects.count() == 0


def test_a_rotated_key_keeps_old_credentials_verifiable(
    badge_key, django_capture_on_commit_callbacks, client
):
    course, final = certified_course()
    old = earn(django_capture_on_commit_callbacks, course, final, UserFactory())
    generate_key_file(badge_key, rotate=True)
    new = earn(django_capture_on_commit_callbacks, course, final, UserFactory())
    old_key, new_key = old.open_badge.key_id, new.open_badge.key_id
    assert old_key != new_key
    assert [key.id for key in load_keys()] == [new_key, old_key]
    assert load_keys()[1].private is None  # the old key signs no more
    for certificate in (old, new):
        document = certificate.open_badge.document
        result = verify_with_node(document, published(client, document))
        assert result["verified"], result["errors"]


@pytest.mark.django_db(transaction=True)
def test_a_broker_down_at_completion_delays_the_credential_but_never_loses_it(
    badge_key, settings, tmp_path, client
):
    """The certificate's render (and with it the credential) is queued on a broker
    that is down; once it is back, the periodic re-queue hands it to a real worker,
    which signs the credential in the same task as the PDF."""
    course, final = certified_course()
    with (
        own_redis_server(tmp_path) as broker,
        broker_at(settings, broker.url),
    ):
        broker.stop()
        user = complete(course, final)  # queuing the render fails: Redis is down
        certificate = Certificate.objects.get(user=user)
        assert certificate.status == Certificate.Status.PENDING
        broker.start()
        with worker_process(
            settings.CELERY_BROKER_URL,
            settings.MEDIA_ROOT,
            OPEN_BADGES_KEY_FILE=str(badge_key),
        ):
            assert certificates_requeue_pending(older_than=timedelta(0)) == 1
            assert wait_until(
                lambda: Credential.objects.filter(certificate=certificate).exists()
            )
    document = Credential.objects.get(certificate=certificate).document
    result = verify_with_node(document, published(client, document))
    assert result["verified"], result["errors"]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_signs_once_however_often_the_task_is_delivered(
    badge_key_for_workers, celery_worker, settings
):
    if celery_worker is None:
        pytest.skip("needs a broker (CI)")
    course, final = certified_course()
    user = complete(course, final)  # rendered, and signed, by the worker process
    certificate = Certificate.objects.get(user=user)
    assert wait_until(
        lambda: Credential.objects.filter(certificate=certificate).exists()
    )
    first = Credential.objects.get(certificate=certificate)
    render_certificate.delay(str(certificate.pk))
    issue_missing_credentials.delay()
    assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
    again = Credential.objects.get(certificate=certificate)
    assert again.document == first.document and Credential.objects.count() == 1


def test_a_certificate_that_cannot_be_signed_holds_up_no_other_nor_a_revocation(
    settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    """The periodic task issues the credentials of the other certificates and
    publishes a revocation even when one certificate's credential fails every time
    (here its document cannot be made)."""
    key_file = tmp_path / "key.json"
    settings.OPEN_BADGES_KEY_FILE = str(key_file)
    generate_key_file(key_file)
    course, final = certified_course()
    revoked = earn(django_capture_on_commit_callbacks, course, final, UserFactory())
    settings.OPEN_BADGES_KEY_FILE = str(tmp_path / "not-yet.json")
    broken = earn(django_capture_on_commit_callbacks, course, final, UserFactory())
    fine = earn(django_capture_on_commit_callbacks, course, final, UserFactory())
    settings.OPEN_BADGES_KEY_FILE = str(key_file)
    # Revoked with its publication lost (no commit callbacks: the broker was down).
    certificate_revoke(certificate=revoked, reason="x", notify=False)
    status_list = StatusList.objects.get(pk=revoked.open_badge.status_list_id)
    assert status_list.is_stale

    real = services.credential_document

    def failing_for_one(certificate, **kwargs):
        if certificate.pk == broken.pk:
            raise ValueError("cannot be made")
        return real(certificate, **kwargs)

    monkeypatch.setattr(services, "credential_document", failing_for_one)
    assert issue_missing_credentials() == 1
    assert Credential.objects.filter(certificate=fine).exists()
    assert not Credential.objects.filter(certificate=broken).exists()
    assert not StatusList.objects.get(pk=status_list.pk).is_stale
