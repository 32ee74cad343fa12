"""What the in-process benchmarks share: Django set up with the test settings, a
throwaway test database with the demo loaded, a hello-world view as the baseline
(`bench_urls`), and timing a page through the full middleware stack."""

import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BASELINE = "/hello/"


@contextmanager
def demo_database() -> Iterator[None]:
    """A test database (SQLite, or PostgreSQL when DATABASE_URL says so) with the demo
    loaded, dropped afterwards; the hello-world view answers at `BASELINE`."""
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(ROOT_URLCONF="benchmarks.bench_urls", DEBUG=True):
            call_command("load_demo", stdout=StringIO())
            yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(client: Client, url: str, requests: int) -> tuple[float, int]:
    """Median milliseconds of `requests` requests after one warm-up (caches warm, as on
    a running server), and the number of queries of one request."""
    connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples) * 1000, len(context.captured_queries)
