"""A person's credentials in their data export; erasing them revokes the credentials
(their bits published) and leaves no copy of the signed JSON."""

import io
import json
import zipfile

import pytest

from badges.models import Credential, StatusList
from badges.status_list import is_set
from privacy.services import data_export_write, user_erase
from tests.badges.verifier import verify_with_node

from .conftest import published

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_signed_credential(certificate):
    target = io.BytesIO()
    kinds = data_export_write(user=certificate.user, target=target)
    assert "open_badges" in kinds
    with zipfile.ZipFile(target) as archive:
        (row,) = json.loads(archive.read("open_badges.json"))
    assert row["certificate"] == certificate.short_code
    assert row["credential"] == certificate.open_badge.document


def test_erasing_the_account_revokes_the_credential_and_drops_its_json(
    certificate, client, django_capture_on_commit_callbacks
):
    document = certificate.open_badge.document
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=certificate.user, reason="request")
    credential = Credential.objects.get(pk=certificate.open_badge.pk)
    assert credential.document == {}
    assert credential.revoked_at is not None
    status_list = StatusList.objects.get(pk=credential.status_list_id)
    assert not status_list.is_stale
    encoded = status_list.credential["credentialSubject"]["encodedList"]
    assert is_set(encoded, credential.status_index)
    # A copy the learner had kept now shows as revoked.
    result = verify_with_node(document, published(client, document))
    assert result["status"] == {"revoked": True} and not result["verified"]
    assert "lotte.peeters" not in json.dumps(
        list(Credential.objects.values()), default=str
    )
