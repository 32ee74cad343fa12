"""Test settings: the suite's database comes from DATABASE_URL (PostgreSQL in CI)."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker process started by a test writes its mails to files the test can read.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH", "")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES = {  # noqa: F405 - files as configured (local, or S3 by env); plain static
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests set up their own failures; keep the real limits so lock-out is tested as shipped.
AXES_ENABLED = True

# Tasks run in-process unless a test starts a real worker (the `celery_worker` fixture
# and the certificate reliability tests switch this off for their duration).
CELERY_TASK_ALWAYS_EAGER = True

# H5P content is served on its own host; the browser tests point it at the live server.
H5P_CONTENT_ORIGIN = "http://h5p.localhost"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"].append(H5P_CONTENT_ORIGIN)  # noqa: F405

# On a shared Redis the suite keeps to keys of its own, and clears only those.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "lms-test"  # noqa: F405

# Parallel runs (pytest-xdist sets PYTEST_XDIST_WORKER to gw0, gw1…): each worker has
# its own PostgreSQL test database (pytest-django adds the suffix), and here its own
# Redis database for the broker and its own cache keys, so one worker's Celery worker
# never takes another's tasks. Celery reads the environment before its settings.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER:
    if CELERY_BROKER_URL:  # noqa: F405
        _base = CELERY_BROKER_URL.rsplit("/", 1)[0]  # noqa: F405
        CELERY_BROKER_URL = f"{_base}/{10 + int(_XDIST_WORKER.removeprefix('gw'))}"
        os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
    if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
        CACHES["default"]["KEY_PREFIX"] = f"lms-test-{_XDIST_WORKER}"  # noqa: F405

# A Celery worker a test starts (tests/conftest.py: worker_process) uses that test's
# cache keys, which the test clears at its start: never the cached content (locale and
# site ids) of a database flushed since.
if os.environ.get("TEST_CACHE_KEY_PREFIX") and CACHES["default"]["BACKEND"].endswith(  # noqa: F405
    "RedisCache"
):
    CACHES["default"]["KEY_PREFIX"] = os.environ["TEST_CACHE_KEY_PREFIX"]  # noqa: F405
