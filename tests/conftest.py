import os
import subprocess
import sys
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis's timing checks fail on a busy CI machine without saying anything about
# the code under test; the properties themselves are checked all the same.
hypothesis_settings.register_profile(
    "suite", suppress_health_check=[HealthCheck.too_slow], deadline=None
)
hypothesis_settings.load_profile("suite")


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test starts with an empty cache (Wagtail caches site paths) and its own media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cache.clear()


@pytest.fixture
def client() -> Client:
    # The default site's host name; any host works, this one reads well in failures.
    return Client(HTTP_HOST="localhost")


@contextmanager
def worker_process(broker_url: str, media_root, **extra_env: str):
    """A real Celery worker in its own process, on `broker_url` and the test database.

    A separate process, as in production: it shares nothing with the test but the
    database, the broker and the media folder. Needs PostgreSQL (an in-memory SQLite
    test database cannot be reached from another process).
    """
    from django.conf import settings

    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs the PostgreSQL test database (CI)")
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "MEDIA_ROOT": str(media_root),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        **extra_env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool", "solo",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def mailing_worker(settings, outbox: Path):
    """A real worker (see `worker_process`) whose mails land as files in `outbox`."""
    return worker_process(
        settings.CELERY_BROKER_URL,
        settings.MEDIA_ROOT,
        TEST_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        TEST_EMAIL_FILE_PATH=str(outbox),
    )


def mails_in(folder: Path) -> list[Message]:
    """The mails Django's file backend wrote into `folder`."""
    messages = []
    for path in folder.glob("*.log"):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip()))
    return messages


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker on the configured broker (Redis in CI).

    Without a broker (the embedded default) tasks run eagerly in-process and no worker
    is needed; the test then exercises that path.
    """
    if not settings.CELERY_BROKER_URL:
        yield None
        return
    with (
        tasks_queued(),
        worker_process(settings.CELERY_BROKER_URL, settings.MEDIA_ROOT) as process,
    ):
        yield process


@contextmanager
def tasks_queued():
    """Send tasks to the broker instead of running them in-process (the test default)."""
    from lms.celery import app

    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = True
