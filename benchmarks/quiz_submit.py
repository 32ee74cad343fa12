"""50 learners hand in a 20-question attempt at the same moment, against gunicorn and
PostgreSQL on this machine; a hello-world view is measured in the same run as baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms .venv/bin/python benchmarks/quiz_submit.py

Uses its own database (<name>_bench), made afresh and dropped at the end.
"""

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from common import ROOT, database_create, database_drop
from report import record

LEARNERS, QUESTIONS = 50, 20


def free_port(offset: int = 0) -> int:
    """A port nothing listens on (BENCH_PORT + `offset` when set): never `make run`'s
    8000."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"]) + offset
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
os.environ.pop("CELERY_BROKER_URL", None)  # grading needs no worker


def prepare() -> list[tuple[str, str, bytes]]:
    """Learners with an open attempt; for each: cookie header, path, form body."""
    # After django.setup() (database_create): Django requires it for models.
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from courses.services import enrolment_create
    from quizzes.grading import right_response
    from quizzes.models import Attempt
    from quizzes.services import attempt_start
    from tests.factories import (
        QuestionFactory,
        TestPageFactory,
        UserFactory,
        build_course,
    )
    from tests.factories.quizzes import ANSWERS, form_data

    course = build_course(lessons=1, sections=1)
    test = TestPageFactory(
        parent=course.get_children().first().specific,
        question_count=QUESTIONS,
        max_attempts=0,
    )
    kinds = sorted(ANSWERS)
    for i in range(QUESTIONS):
        QuestionFactory(bank=test.bank, type=kinds[i % len(kinds)])
    requests = []
    for _ in range(LEARNERS):
        user = UserFactory()
        enrolment_create(user=user, course=course)
        attempt: Attempt = attempt_start(user=user, test=test)
        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
        token = _get_new_csrf_string()
        data = form_data(
            attempt, {str(q["slot"]): right_response(q) for q in attempt.draw}
        )
        data.update(submit="1", csrfmiddlewaretoken=token)
        body = urllib.parse.urlencode(data, doseq=True).encode()
        cookie = f"sessionid={session}; csrftoken={token}"
        requests.append((cookie, test.url + f"poging/{attempt.pk}/", body))
    return requests


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def answer(
    path: str, cookie: str = "", body: bytes | None = None, port: int = PORT
) -> tuple[int, float]:
    """The HTTP status of `path` (a redirect is not followed) and the seconds taken."""
    base = f"http://127.0.0.1:{port}"
    request = urllib.request.Request(base + path, data=body, headers={"Cookie": cookie})
    request.add_header("Host", "localhost")
    if body is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("Referer", base + path)
    start = time.perf_counter()
    try:
        with urllib.request.build_opener(_NoRedirect).open(
            request, timeout=60
        ) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - start


def timed_request(
    path: str, cookie: str = "", body: bytes | None = None, port: int = PORT
) -> float:
    """Seconds for `path`, which must answer 200 or 302."""
    status, elapsed = answer(path, cookie, body, port)
    if status not in (200, 302):
        raise RuntimeError(f"{path}: HTTP {status}")
    return elapsed


def burst(calls: list) -> tuple[list[float], float]:
    """Run all calls at the same moment; their latencies and the wall time."""
    barrier = threading.Barrier(len(calls))
    latencies: list[float] = [0.0] * len(calls)

    def run(i, call):
        barrier.wait()
        latencies[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - start


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


@contextmanager
def gunicorn(port: int = PORT, **env: str) -> Iterator[None]:
    """`gunicorn -w 4` on `port` with the benchmark settings (and `env`), answering
    before the block runs; stopped after it (killed when a graceful stop is slow, which
    is no reason to fail)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "4", "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings", **env},
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                timed_request("/hello/", port=port)
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> None:
    database_create()
    # After django.setup() (database_create): Django requires it for models.
    from django.db import connection
    from django.middleware.csrf import _get_new_csrf_string  # noqa: F401

    requests = prepare()
    connection.close()
    with gunicorn():
        for _ in range(3):  # warm every worker
            burst([lambda: timed_request("/hello/")] * LEARNERS)
        hellos = [
            burst([lambda: timed_request("/hello/")] * LEARNERS) for _ in range(3)
        ]
        submits, submit_wall = burst(
            [lambda r=r: timed_request(r[1], r[0], r[2]) for r in requests]
        )
        hellos += [
            burst([lambda: timed_request("/hello/")] * LEARNERS) for _ in range(2)
        ]
    # The baseline is the fastest of five bursts, three before the hand-ins and two
    # after: one burst caught by a slow minute would flatter the ratio.
    hello, hello_wall = max(hellos, key=lambda h: len(h[0]) / h[1])
    # After django.setup() (database_create): Django requires it for models.
    from quizzes.models import Attempt

    graded = Attempt.objects.filter(status="graded", percent=100).count()
    database_drop()
    print(
        f"{LEARNERS} learners at once, {QUESTIONS} questions, gunicorn -w 4, PostgreSQL"
    )
    print(f"{'':<22}{'p50 ms':>9}{'p95 ms':>9}{'per s':>9}{'p50 × hello':>13}")
    for name, lat, wall in (
        ("hello-world", hello, hello_wall),
        ("submit + grade", submits, submit_wall),
    ):
        print(f"{name:<22}{p(lat, 50):>9.1f}{p(lat, 95):>9.1f}{len(lat) / wall:>9.1f}"
              f"{p(lat, 50) / p(hello, 50):>13.1f}")  # fmt: skip
    print(f"graded correctly: {graded} of {LEARNERS}")
    if graded != LEARNERS:
        sys.exit(1)
    record(
        "hand-in of 20 questions, 50 at once: throughput",
        len(submits) / submit_wall,
        baseline=len(hello) / hello_wall,
        unit="per s",
        goal=0.05,
        impossible_above=1.0,
    )


if __name__ == "__main__":
    main()
