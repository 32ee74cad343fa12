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
import statistics
import sys
import urllib.error
import urllib.request

from common import database_create, database_drop
from quiz_submit import PORT, burst, gunicorn, timed_request
from report import record
from settle import settle

LEARNERS, ROUNDS = 50, 4
# The data-size phase: this many more learners and section-progress rows.
MORE_LEARNERS = int(os.environ.get("MORE_LEARNERS", "10000"))
MORE_PROGRESS = int(os.environ.get("MORE_PROGRESS", "200000"))
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


def measured(calls: list) -> tuple[float, float]:
    """Requests answered per second of wall time, and the 95th percentile latency (s),
    over ROUNDS bursts of `calls`."""
    answered, wall, latencies = 0, 0.0, []
    for _ in range(ROUNDS):
        burst_latencies, elapsed = burst(calls)
        latencies += burst_latencies
        answered += len(burst_latencies)
        wall += elapsed
    return answered / wall, statistics.quantiles(latencies, n=20)[-1]


def grow() -> None:
    """MORE_LEARNERS other learners enrolled in the course, MORE_PROGRESS section-
    progress rows between them, written in bulk (the pages' data set grows)."""
    # After django.setup() (database_create): Django requires it for models.
    from django.utils import timezone

    from courses.models import CoursePage, Enrolment, LessonPage, SectionProgress
    from lms.models import User

    course = CoursePage.objects.get()
    sections = [
        (lesson.pk, section_id)
        for lesson in LessonPage.objects.descendant_of(course)
        for section_id in lesson.section_ids
    ]
    users = User.objects.bulk_create(
        [User(email=f"meer{n}@bench.be", first_name="Meer", last_name=f"{n:05}")
         for n in range(MORE_LEARNERS)],
        batch_size=5000,
    )  # fmt: skip
    Enrolment.objects.bulk_create(
        [Enrolment(user=user, course=course) for user in users], batch_size=5000
    )
    per_learner = MORE_PROGRESS // MORE_LEARNERS
    now = timezone.now()
    SectionProgress.objects.bulk_create(
        [
            SectionProgress(user=user, lesson_id=lesson_id, section_id=section_id,
                            first_viewed_at=now, last_viewed_at=now)
            for user in users
            for lesson_id, section_id in sections[:per_learner]
        ],
        batch_size=10000,
    )  # fmt: skip
    settle(User, Enrolment, SectionProgress)


def main() -> None:
    database_create()
    # After django.setup() (database_create): Django requires it for models.
    from django.db import connection

    cookies, pages = prepare()
    connection.close()
    try:
        with gunicorn():
            for name, path in pages.items():  # a login redirect would be a fast lie
                if status(path, cookies[0]) != 200:
                    sys.exit(f"{name}: {path} does not answer 200 for a learner")
            for path in ["/hello/", *pages.values()]:  # warm every worker and cache
                for _ in range(2):
                    burst([lambda c=c, p=path: timed_request(p, c) for c in cookies])
            hello = measured([lambda: timed_request("/hello/")] * LEARNERS)
            small = {
                name: measured(
                    [lambda c=c, p=path: timed_request(p, c) for c in cookies]
                )
                for name, path in pages.items()
            }
            grow()
            connection.close()
            for (
                path
            ) in pages.values():  # the new rows read once, as on a running server
                burst([lambda c=c, p=path: timed_request(p, c) for c in cookies])
            large = {
                name: measured(
                    [lambda c=c, p=path: timed_request(p, c) for c in cookies]
                )
                for name, path in pages.items()
            }
    finally:
        database_drop()
    print(f"{LEARNERS} learners at once × {ROUNDS}, gunicorn -w 4, PostgreSQL, Redis")
    print(f"{'page':<18}{'per s':>9}{'% hello':>9}{'goal':>6}  {'':<7}"
          f"{'p95 ms':>8}{'p95 large':>10}{'× small':>9}")  # fmt: skip
    print(f"{'hello-world':<18}{hello[0]:>9.1f}{100:>8.1f}%")
    for name in pages:
        rate, p95 = small[name]
        line = record(
            f"{name}: throughput",
            rate,
            baseline=hello[0],
            unit="per s",
            goal=GOALS[name] / 100,
            impossible_above=1.5,  # faster than hello-world: measured something else
        )
        grown = record(
            f"{name}: p95 with {MORE_LEARNERS} more learners, {MORE_PROGRESS} rows",
            large[name][1],
            baseline=p95,
            unit="s",
            goal=1.2,
            higher_is_better=False,
        )
        print(f"{name:<18}{rate:>9.1f}{100 * line['ratio']:>8.1f}%"
              f"{GOALS[name]:>5.0f}%  {'met' if line['met'] else 'MISSED':<7}"
              f"{p95 * 1000:>8.0f}{large[name][1] * 1000:>10.0f}"
              f"{grown['ratio']:>9.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
