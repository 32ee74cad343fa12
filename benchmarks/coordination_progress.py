"""Time the coordinators' progress view and exports for a municipality of 2,000
members against a hello-world view measured in the same run.

Creates a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL says so),
loads the demo content and adds an organisation of 2,000 members in 8 teams who all
follow three assigned demo courses (Connectoo, Connectoo+, Digihelper), with realistic
learning rows written in bulk: about 30% have not started a course, 50% are part way
(a random number of sections opened, tests passed for the modules they finished) and
20% completed it (every section, every test passed, the completion recorded). Then it
requests, through Django's full middleware stack in-process and logged in as the
organisation's coordinator, the progress view (page 1 of 20, and sorted by progress,
which judges all 2,000 members), the XLSX and CSV exports (all 2,000 rows) and the
summary. Prints the median milliseconds, the queries per request and the ratio to the
hello-world baseline, which cancels out how fast or busy this machine is.

    .venv/bin/python benchmarks/coordination_progress.py [--members 2000] [--requests 10]
"""

import argparse
import random
import sys
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from in_process import BASELINE, demo_database, timed
from report import record
from settle import settle

from coordination.models import Assignment
from courses.models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    SectionProgress,
)
from lms.models import Membership, Organisation, Team, User
from quizzes.models import Attempt, TestPage

COURSES = ["connectoo", "connectoo-plus", "digihelper"]
TEAMS = 8


def build(members: int):
    """The organisation, its coordinator and `members` members with their learning
    rows, written in bulk. Returns (organisation, coordinator)."""

    rng = random.Random(42)  # the same municipality on every run
    organisation = Organisation.objects.create(
        name="Benchmarkstad", kind=Organisation.Kind.MUNICIPALITY, postcode="9000"
    )
    teams = [
        Team.objects.create(organisation=organisation, name=f"Balie {n + 1}")
        for n in range(TEAMS)
    ]
    coordinator = User.objects.create_user(
        "coordinator@benchmarkstad.be", first_name="Cora", last_name="Coördinator"
    )
    Membership.objects.create(
        user=coordinator, organisation=organisation, role=Membership.Role.COORDINATOR
    )
    today = timezone.localdate()
    dutch = CoursePage.objects.filter(locale__language_code="nl")
    courses = [dutch.get(slug=slug) for slug in COURSES]
    for n, course in enumerate(courses):
        Assignment.objects.create(
            organisation=organisation,
            course=course,
            mandatory=n == 0,
            due_date=today + timedelta(days=30) if n == 0 else None,
        )

    users = User.objects.bulk_create(
        [
            User(
                email=f"lid{n}@benchmarkstad.be",
                first_name=rng.choice(["An", "Bart", "Chloë", "Dirk", "Els", "Fien"]),
                last_name=f"Baliemedewerker {n:05}",
            )
            for n in range(members - 1)  # the coordinator is the last member
        ]
    )
    memberships = Membership.objects.bulk_create(
        [Membership(user=user, organisation=organisation) for user in users]
    )
    Membership.teams.through.objects.bulk_create(
        [
            Membership.teams.through(membership=m, team=teams[i % TEAMS])
            for i, m in enumerate(memberships)
        ]
    )
    Enrolment.objects.bulk_create(
        [Enrolment(user=u, course=c) for u in users for c in courses]
    )

    now = timezone.now()
    progress, attempts, completions = [], [], []
    for course in courses:
        modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
        lessons = {
            m.pk: list(LessonPage.objects.child_of(m).live().order_by("path"))
            for m in modules
        }
        tests = {m.pk: TestPage.objects.child_of(m).live().first() for m in modules}
        final = TestPage.objects.child_of(course).live().first()
        sections = [
            (m.pk, lesson, section_id)
            for m in modules
            for lesson in lessons[m.pk]
            for section_id in lesson.section_ids
        ]
        for user in users:
            luck = rng.random()
            if luck < 0.3:
                continue
            done = len(sections) if luck >= 0.8 else rng.randint(1, len(sections))
            opened = sections[:done]
            at = now - timedelta(days=rng.randint(1, 200))
            progress += [
                SectionProgress(
                    user=user, lesson=lesson, section_id=section_id,
                    first_viewed_at=at, last_viewed_at=at,
                )
                for _, lesson, section_id in opened
            ]  # fmt: skip
            finished = {
                m.pk
                for m in modules
                if sum(1 for s in opened if s[0] == m.pk)
                == sum(1 for s in sections if s[0] == m.pk)
            }
            passed = [tests[pk] for pk in finished if tests[pk] is not None]
            if done == len(sections) and final is not None:
                passed.append(final)
            attempts += [
                Attempt(
                    user=user, test=test, number=1, status=Attempt.Status.GRADED,
                    submitted_at=at, max_score=10, score=8, percent=80, passed=True,
                )
                for test in passed
            ]  # fmt: skip
            if done == len(sections):
                completions.append(CourseCompletion(user=user, course=course))
    SectionProgress.objects.bulk_create(progress, batch_size=5000)
    Attempt.objects.bulk_create(attempts, batch_size=5000)
    CourseCompletion.objects.bulk_create(completions, batch_size=5000)
    settle(User, Membership, Membership.teams.through, Enrolment, SectionProgress,
           Attempt, CourseCompletion)  # fmt: skip
    print(
        f"{members} members × {len(courses)} courses: {len(progress)} sections opened,"
        f" {len(attempts)} tests passed, {len(completions)} courses completed",
        file=sys.stderr,
    )
    return organisation, coordinator


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()

    with demo_database():
        organisation, coordinator = build(args.members)
        client = Client(HTTP_HOST="localhost")
        client.force_login(coordinator)
        org = organisation.pk
        progress = reverse("coordination:progress", args=[org])
        pages = {
            "hello-world (baseline)": (BASELINE, 100),
            "progress view, page 1": (progress, args.requests),
            "progress view, by progress": (
                progress + "?sort=progress",
                args.requests,
            ),
            "export XLSX (all)": (
                reverse("coordination:progress_export", args=[org, "xlsx"]),
                args.requests,
            ),
            "export CSV (all)": (
                reverse("coordination:progress_export", args=[org, "csv"]),
                args.requests,
            ),
            "summary": (
                reverse("coordination:summary", args=[org]),
                args.requests,
            ),
        }
        for name, (url, _n) in pages.items():
            if name.startswith("export"):
                # An organisation past COORDINATION_EXPORT_INLINE_MAX gets a page that
                # prepares the file in the background: timing it would time nothing.
                response = client.get(url)
                if not response.get("Content-Disposition", "").startswith("attachment"):
                    sys.exit(f"{name}: the answer is not the file; nothing to measure")
        results = {name: timed(client, url, n) for name, (url, n) in pages.items()}

    baseline = results["hello-world (baseline)"][0]
    print(
        f"{connection.vendor}, {args.members} members, median of {args.requests}"
        " requests (hello-world: 100)"
    )
    print(f"{'request':<30}{'ms':>10}{'queries':>9}{'× baseline':>12}")
    for name, (ms, count) in results.items():
        print(f"{name:<30}{ms:>10.1f}{count:>9}{ms / baseline:>12.0f}")
    for name, (ms, _count) in results.items():
        if name != "hello-world (baseline)":
            record(
                f"coordinator, {args.members} members: {name}",
                ms / 1000,
                unit="s",
                goal=1.0,
                higher_is_better=False,
            )


if __name__ == "__main__":
    main()
