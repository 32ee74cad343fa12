"""What verifiers fetch (public) and what the learner downloads (their own only)."""

import io
import json

import pytest
from django.urls import reverse
from PIL import Image

from badges.baking import unbake
from badges.did import issuer_did
from badges.keys import load_keys
from badges.models import Credential
from certificates.services import certificate_revoke
from tests.badges.verifier import verify_with_node
from tests.certificates.helpers import certified_course
from tests.factories import UserFactory, build_course
from tests.queries import queries_for

from .conftest import earn, path_of, published

pytestmark = pytest.mark.django_db


def json_url(certificate):
    return reverse("badges:download_json", args=[certificate.pk])


def png_url(certificate):
    return reverse("badges:download_png", args=[certificate.pk])


def test_the_did_document_lists_the_keys_for_anyone(badge_key, client):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["id"] == issuer_did() == "did:web:127.0.0.1%3A8000"
    (key,) = load_keys()
    assert document["assertionMethod"] == [f"{issuer_did()}#{key.id}"]
    # Briefly cached: after a rotation, verifiers meet the new key within minutes.
    assert "max-age=300" in response["Cache-Control"]


def test_the_status_list_is_public_signed_and_cached_a_few_minutes(certificate, client):
    url = certificate.open_badge.document["credentialStatus"]["statusListCredential"]
    response = client.get(path_of(url))
    assert response.status_code == 200
    assert "max-age=300" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    status_list = response.json()
    assert status_list["id"] == url
    assert status_list["type"] == [
        "VerifiableCredential",
        "BitstringStatusListCredential",
    ]
    assert status_list["credentialSubject"]["encodedList"].startswith("u")
    assert client.get(reverse("badges:status_list", args=[99])).status_code == 404


def test_the_achievement_is_public_in_dutch_and_french(certificate, client):
    achievement = certificate.open_badge.document["credentialSubject"]["achievement"]
    response = client.get(path_of(achievement["id"]))
    assert response.status_code == 200
    served = response.json()
    assert served["id"] == achievement["id"]
    assert served["name"] == certificate.course.title
    assert served["criteria"]["narrative"] == achievement["criteria"]["narrative"]
    french_url = served["related"][0]["id"]
    french = client.get(path_of(french_url)).json()
    assert french["inLanguage"] == "fr" and french["id"] == french_url
    assert french["related"][0]["id"] == achievement["id"]
    image = client.get(path_of(achievement["image"]["id"]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (600, 600)
    page = certificate.course.pk
    assert client.get(f"/open-badges/achievements/{page}/de/").status_code == 404


def test_a_draft_course_or_another_page_has_no_achievement(badge_key, client):
    draft = build_course()
    draft.unpublish()
    assert (
        client.get(reverse("badges:achievement", args=[draft.pk, "nl"])).status_code
        == 404
    )
    module = draft.get_children().first()
    assert (
        client.get(reverse("badges:achievement", args=[module.pk, "nl"])).status_code
        == 404
    )


def test_the_learner_downloads_the_credential_as_json(certificate, client):
    client.force_login(certificate.user)
    response = client.get(json_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="open-badge-{certificate.short_code}.json"'
    )
    assert json.loads(response.content) == certificate.open_badge.document


def test_the_baked_badge_unbakes_to_the_same_credential_which_verifies(
    certificate, client
):
    client.force_login(certificate.user)
    response = client.get(png_url(certificate))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]
    Image.open(io.BytesIO(response.content)).verify()  # still a sound PNG
    baked = unbake(response.content)
    assert baked == certificate.open_badge.document
    assert verify_with_node(baked, published(client, baked))["verified"]


def test_someone_else_s_credential_is_404_and_a_visitor_must_log_in(
    certificate, client
):
    for url in (json_url(certificate), png_url(certificate)):
        assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(UserFactory())
    for url in (json_url(certificate), png_url(certificate)):
        assert client.get(url).status_code == 404


def test_no_credential_yet_is_404_and_offers_no_download(certificate, client):
    Credential.objects.filter(certificate=certificate).delete()
    client.force_login(certificate.user)
    assert client.get(json_url(certificate)).status_code == 404
    assert client.get(png_url(certificate)).status_code == 404
    html = client.get(reverse("certificates:mine")).content.decode()
    assert json_url(certificate) not in html
    assert reverse("certificates:download", args=[certificate.pk]) in html


def test_a_revoked_certificate_offers_no_badge_for_a_wallet(certificate, client):
    certificate_revoke(certificate=certificate, reason="Fout", notify=False)
    client.force_login(certificate.user)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert json_url(certificate) not in html and png_url(certificate) not in html


def test_my_certificates_offers_both_downloads_in_a_flat_number_of_queries(
    badge_key, client, django_capture_on_commit_callbacks
):
    course, final = certified_course()
    learner = UserFactory()
    first = earn(django_capture_on_commit_callbacks, course, final, learner)
    client.force_login(learner)
    mine = reverse("certificates:mine")
    one = queries_for(client, mine)
    html = client.get(mine).content.decode()
    assert json_url(first) in html and png_url(first) in html
    # Two more certificates (replacements), each with its credential.
    for _ in range(2):
        other_course, other_final = certified_course()
        earn(django_capture_on_commit_callbacks, other_course, other_final, learner)
    assert queries_for(client, mine) == one
    html = client.get(mine).content.decode()
    assert html.count("open-badge.json") == 3 and html.count("open-badge.png") == 3
