"""Fixtures of the Open Badges tests: a signing key of the test's own (written into
its tmp_path, never into the repository), a learner's certificate with its credential,
and what a verifier would fetch from the web, fetched from the site itself."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from badges.did import issuer_did
from badges.keys import generate_key_file
from certificates.models import Certificate
from tests.certificates.helpers import certified_course, complete
from tests.factories import UserFactory


@pytest.fixture
def badge_key(settings, tmp_path) -> Path:
    """A key file in the test's folder, configured as the platform's."""
    path = tmp_path / "keys" / "open-badges-key.json"
    generate_key_file(path)
    settings.OPEN_BADGES_KEY_FILE = str(path)
    return path


def earn(django_capture_on_commit_callbacks, course=None, final=None, user=None):
    """A learner completes a certified course; the certificate's render (and with it
    the credential) runs on commit, in-process. Returns the certificate."""
    if course is None:
        course, final = certified_course()
    user = user or UserFactory(email="lotte.peeters@example.be")
    with django_capture_on_commit_callbacks(execute=True):
        complete(course, final, user)
    return (
        Certificate.objects.select_related("open_badge")
        .filter(user=user, course=course)
        .latest("issued_at")
    )


@pytest.fixture
def certificate(badge_key, django_capture_on_commit_callbacks) -> Certificate:
    """A valid certificate of a learner, with its Open Badges credential."""
    return earn(django_capture_on_commit_callbacks)


def path_of(url: str) -> str:
    return urlsplit(url).path


def published(client, credential: dict) -> dict:
    """What a verifier resolves for `credential`, as the site serves it now: the
    issuer's DID document (did:web → /.well-known/did.json) and its status list."""
    did = client.get("/.well-known/did.json")
    assert did.status_code == 200
    documents = {issuer_did(): did.json()}
    status_url = credential["credentialStatus"]["statusListCredential"]
    status = client.get(path_of(status_url))
    assert status.status_code == 200
    documents[status_url] = status.json()
    return documents


@pytest.fixture
def badge_key_for_workers(badge_key, monkeypatch) -> Path:
    """`badge_key`, also in the environment a worker process started after it
    inherits (the `celery_worker` fixture's): list it before that fixture."""
    monkeypatch.setenv("OPEN_BADGES_KEY_FILE", str(badge_key))
    return badge_key
