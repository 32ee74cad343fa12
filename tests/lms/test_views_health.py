"""/health/ reports the real database, cache and broker; 503 names what is down."""

import os

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_all_up(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["cache"] == "ok"
    assert body["broker"] in {"ok", "eager"}


@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL"), reason="needs a real broker"
)
def test_real_broker_is_reached(client):
    assert client.get(reverse("health")).json()["broker"] == "ok"


def test_broker_down_gives_503(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_cache_down_gives_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT,
        }
    }
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert (body["cache"], body["database"]) == ("down", "ok")
