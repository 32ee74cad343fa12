"""Throughput of the learner's pages on gunicorn, PostgreSQL and Redis, against a plain
hello-world view (no session) measured in the same run: issue 17's goals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python benchmarks/learner_pages.py

50 logged-in learners ask for the same page at the same moment, ROUNDS times; a page's
throughput is requests answered per second of wall time. Every learner opened the lesson
before, so the run measures reading, as on a running server. Uses its own database
(<name>_bench), made afresh and dropped at the end.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from common import ROOT, database_create, database_drop
from quiz_submit import PORT, burst, timed_request

LEARNERS, ROUNDS = 50, 4
GOALS = {"lesson section": 10.0, "dashboard": 8.0, "course": 8.0, "module": 8.0}

if not os.environ.get("REDIS_URL"):
    sys.exit("Set REDIS_URL: the web processes share sessions and caches through it.")


def prepare() -> tuple[list[str], dict[str, str]]:
    """Learners enrolled in a course of 5 modules of 5 lessons, with progress; their
    cookies, and the pages to ask for."""
    # After django.setup() (database_create): Django requires it for models.
    from django.test import Client

    from courses.models import LessonPage, ModulePage
    from courses.services import enrolment_create, section_progress_record
    from tests.factories import UserFactory, build_course

    course = build_course(modules=5, lessons=5, sections=5)
    module = ModulePage.objects.child_of(course).order_by("path")[2]
    lesson = LessonPage.objects.child_of(module).order_by("path")[1]
    lessons = list(LessonPage.objects.descendant_of(course))
    cookies = []
    for _ in range(LEARNERS):
        user = UserFactory()
        enrolment_create(user=user, course=course)
        for other in lessons[:10]:
            section_progress_record(
                user=user, lesson=other, section_id=other.section_ids[0]
            )
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}")
    pages = {
        "course": course.url,
        "module": module.url,
        "lesson section": lesson.url + "onderdeel/2/",
        "dashboard": "/mijn-leertraject/",
    }
    return cookies, pages


def status(path: str, cookie: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}",
        headers={"Cookie": cookie, "Host": "localhost"},
    )
    try:
        with urllib.request.build_opener(NoRedirect).open(
            request, timeout=60
        ) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def throughput(calls: list) -> float:
    answered, wall = 0, 0.0
    for _ in range(ROUNDS):
        latencies, elapsed = burst(calls)
        answered += len(latencies)
        wall += elapsed
    return answered / wall


def main() -> None:
    database_create()
    # After django.setup() (database_create): Django requires it for models.
    from django.db import connection

    cookies, pages = prepare()
    connection.close()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi", "-b", f"127.0.0.1:{PORT}",
         "-w", "4", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings"},
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                timed_request("/hello/")
                break
            except OSError:
                time.sleep(0.2)
        for name, path in pages.items():  # a login redirect would be a fast lie
            if status(path, cookies[0]) != 200:
                sys.exit(f"{name}: {path} does not answer 200 for a learner")
        for path in ["/hello/", *pages.values()]:  # warm every worker and cache
            for _ in range(2):
                burst([lambda c=c, p=path: timed_request(p, c) for c in cookies])
        results = {
            "hello-world": throughput([lambda: timed_request("/hello/")] * LEARNERS)
        }
        for name, path in pages.items():
            results[name] = throughput(
                [lambda c=c, p=path: timed_request(p, c) for c in cookies]
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        database_drop()
    hello = results["hello-world"]
    print(f"{LEARNERS} learners at once × {ROUNDS}, gunicorn -w 4, PostgreSQL, Redis")
    print(f"{'page':<18}{'per s':>9}{'% hello':>9}{'goal':>7}  met")
    for name, rate in results.items():
        share = 100 * rate / hello
        goal = GOALS.get(name)
        verdict = "" if goal is None else ("met" if share >= goal else "MISSED")
        goal_text = f"{goal:.0f}%" if goal else ""
        print(f"{name:<18}{rate:>9.1f}{share:>8.1f}%{goal_text:>7}  {verdict}")
    if any(rate > hello * 1.5 for rate in results.values()):
        sys.exit("A page answered faster than hello-world: the figures are wrong.")


if __name__ == "__main__":
    main()
