"""An H5P exercise in the databank: open to everyone who opens the item, played on the
content origin with a practice token, nothing of it recorded."""

import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from h5p.models import H5PActivity, H5PResult, XAPIStatement
from h5p.services import package_import
from h5p.tokens import practice_token
from tests.factories import UserFactory, library_item
from tests.factories.h5p import build_package

pytestmark = pytest.mark.django_db

CONTENT_HOST = "h5p.localhost"


@pytest.fixture
def activity(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package, _ = package_import(upload=io.BytesIO(build_package()))
    return H5PActivity.objects.create(
        title="Oefening itsme", package=package, open_to_all=True
    )


def content(path: str):
    return Client(HTTP_HOST=CONTENT_HOST).get(path)


def test_anyone_plays_an_open_exercise_from_its_item_page(client, activity):
    item = library_item("Oefening itsme", type="oefening", h5p_activity=activity)
    page = client.get(reverse("library:item", args=[item.pk])).content.decode()
    token = practice_token(activity)
    assert f'src="http://h5p.localhost/h5p/c/{token}/"' in page
    assert "data-xapi-url" not in page  # nothing is sent back
    assert content(f"/h5p/c/{token}/").status_code == 200
    assert content(f"/h5p/c/{token}/files/H5P.Hello-1.0/hello.js").status_code == 200


def test_an_exercise_no_longer_open_stops_playing(client, activity):
    token = practice_token(activity)
    activity.open_to_all = False
    activity.save()
    assert content(f"/h5p/c/{token}/").status_code == 403
    assert content(f"/h5p/c/{token}/files/H5P.Hello-1.0/hello.js").status_code == 403
    item = library_item("Oefening itsme", type="oefening", h5p_activity=activity)
    page = client.get(reverse("library:item", args=[item.pk])).content.decode()
    assert "h5p/c/" not in page


def test_a_practice_token_records_nothing(client, activity):
    token = practice_token(activity)
    client.force_login(UserFactory())
    statement = {"verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}}
    for url, body in (
        (reverse("h5p:h5p_xapi"), {"token": token, "statement": statement}),
        (reverse("h5p:h5p_state"), {"token": token, "state": "{}"}),
    ):
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 403
    assert not H5PResult.objects.exists() and not XAPIStatement.objects.exists()
