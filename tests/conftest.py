import os
import shutil
import socket
import subprocess
import sys
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from celery._state import _set_task_join_will_block
from django.db import connection
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis's timing checks fail on a busy CI machine without saying anything about
# the code under test; the properties themselves are checked all the same.
hypothesis_settings.register_profile(
    "suite", suppress_health_check=[HealthCheck.too_slow], deadline=None
)
hypothesis_settings.load_profile("suite")


def cache_clear() -> None:
    """Empty the suite's cache. On Redis only the keys under the suite's own prefix go:
    `cache.clear()` would flush the whole Redis database, which is the machine's."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    # `cache` is a proxy: ask the backend itself what it is.
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    client = backend._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test starts with an empty cache (Wagtail caches site paths), its own media
    and the site's language."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    cache_clear()
    # A request in an earlier test may have left its visitor's language active in
    # this thread; every test starts in the site's language.
    translation.activate(settings.LANGUAGE_CODE)
    # Celery's "a task runs here, do not wait for another" flag is one global for
    # the process, saved and restored around each eager task: eager tasks in the
    # threads of a race test can leave it set (one thread restores what another
    # set), and a later test's `.get()` would refuse. Each test starts without it.
    _set_task_join_will_block(False)
    yield
    translation.deactivate()


def content_locales_ensure() -> None:
    """The content locales, as a migrated database has them: a transactional test's
    flush empties every table, the locales a migration made included (questions and
    pages need one)."""
    from django.conf import settings
    from wagtail.models import Locale

    for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=language)


@pytest.fixture(autouse=True)
def _content_locales(request):
    """Tests with the database start with the content locales."""
    if request.node.get_closest_marker("django_db") is not None:
        content_locales_ensure()


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
        "TEST_CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        **extra_env,
    }
    # The worker takes the broker it is given, not the one the test settings would
    # pick for a parallel test run.
    env.pop("PYTEST_XDIST_WORKER", None)
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


class RedisServer:
    """A redis-server of a test's own, on a free port, keeping nothing on disk: a test
    that needs a broker outage stops this one, never the machine's Redis."""

    def __init__(self, folder: Path):
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def is_up(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        assert wait_until(self.is_up, 10), "the test's redis-server did not start"
        _forget_broker_connections()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        assert wait_until(lambda: not self.is_up(), 10)


@contextmanager
def own_redis_server(folder: Path):
    """A running `RedisServer`, stopped at the end whatever happens."""
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed (Debian: apt-get install redis-server)")
    server = RedisServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _forget_broker_connections() -> None:
    # Pooled connections point at the old server (or died with it).
    from lms.celery import app

    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(settings, url: str):
    """Queue tasks on the broker at `url` (instead of running them in-process) for the
    duration, then go back to the configured broker."""
    from lms.celery import app

    # Celery reads the environment variable before its own configuration.
    previous = os.environ.get("CELERY_BROKER_URL"), app.conf.broker_url
    os.environ["CELERY_BROKER_URL"] = url
    settings.CELERY_BROKER_URL = url
    app.conf.broker_url = url
    _forget_broker_connections()
    try:
        with tasks_queued():
            yield
    finally:
        if previous[0] is None:
            del os.environ["CELERY_BROKER_URL"]
        else:
            os.environ["CELERY_BROKER_URL"] = previous[0]
        app.conf.broker_url = previous[1]
        _forget_broker_connections()
