"""Time the learner's and the trainer's pages against a hello-world view measured in
the same run.

Creates a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL says so),
loads the demo content, logs in the demo learner and requests each page N times through
Django's full middleware stack in-process. Prints median milliseconds and the ratio to the
hello-world baseline, which cancels out how fast or busy this machine is.

    .venv/bin/python benchmarks/learning_pages.py [--requests 200]
"""

import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("hello/", hello), path("", include("lms.urls"))]


def timed(client: Client, url: str, requests: int) -> float:
    client.get(url)  # warm caches, as a running server would be
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(ROOT_URLCONF=__name__, DEBUG=True):
            call_command("load_demo", stdout=StringIO())
            from courses.demo import ACCOUNTS
            from courses.forums.formatting import post_body_render
            from courses.models import (
                CoursePage,
                LessonPage,
                ModulePage,
                Post,
                Thread,
                TrainerKitPage,
            )
            from lms.models import User

            client = Client(HTTP_HOST="localhost")
            learner = User.objects.get(email=ACCOUNTS[0].email)
            client.force_login(learner)
            trainer = Client(HTTP_HOST="localhost")
            trainer.force_login(
                User.objects.get(email="trainer@demo.digitaalmeedoen.be")
            )
            # A long thread: 50 posts on one page, each quoting the one before.
            thread = Thread.objects.filter(forum__module__isnull=False).first()
            body, text = post_body_render("Nog een tip over <b>itsme</b>.")
            previous = thread.posts.last()
            for _ in range(50 - thread.posts.count()):
                previous = Post.objects.create(
                    thread=thread, author=learner, source=text, body=body, text=text,
                    reply_to=previous,
                )  # fmt: skip
            kit = TrainerKitPage.objects.get(slug="trainerskit")
            course = CoursePage.objects.get(slug="connectoo")
            module = ModulePage.objects.child_of(course).order_by("path")[1]
            lesson = LessonPage.objects.child_of(module).order_by("path").first()
            pages = {
                "hello-world (baseline)": "/hello/",
                "catalogue": course.get_parent().url,
                "course": course.url,
                "module": module.url,
                "lesson section": lesson.url + "onderdeel/2/",
                "dashboard": "/mijn-leertraject/",
                "forum index": "/forum/",
                "forum (threads)": f"/forum/{thread.forum_id}/",
                "thread of 50 posts": f"/forum/onderwerp/{thread.pk}/",
                "sessions": "/sessies/",
            }
            trainer_pages = {
                "trainer dashboard": "/trainer/",
                "trainer kit": kit.url,
            }
            results = {
                name: timed(client, url, args.requests) for name, url in pages.items()
            }
            results |= {
                name: timed(trainer, url, args.requests)
                for name, url in trainer_pages.items()
            }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    baseline = results["hello-world (baseline)"]
    print(f"{connection.vendor}, {args.requests} requests per page, median")
    print(f"{'page':<24}{'ms':>8}{'× baseline':>12}")
    for name, ms in results.items():
        print(f"{name:<24}{ms:>8.2f}{ms / baseline:>12.1f}")


if __name__ == "__main__":
    main()
