import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test starts with an empty cache (Wagtail caches site paths) and its own media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def client() -> Client:
    # The default site's host name; any host works, this one reads well in failures.
    return Client(HTTP_HOST="localhost")
