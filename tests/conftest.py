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


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker on the configured broker (Redis in CI), in a thread.

    Without a broker (the embedded default) tasks run eagerly in-process and no worker
    is needed; the test then exercises that path.
    """
    from django.conf import settings

    from lms.celery import app

    if not settings.CELERY_BROKER_URL:
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    with start_worker(
        app, perform_ping_check=False, pool="solo", loglevel="WARNING"
    ) as worker:
        yield worker
