"""Time the learner's and the trainer's pages against a hello-world view measured in
the same run.

Creates a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL says so),
loads the demo content, logs in the demo learner and requests each page N times through
Django's full middleware stack in-process. Prints median milliseconds and the ratio to the
hello-world baseline, which cancels out how fast or busy this machine is.

    .venv/bin/python benchmarks/learning_pages.py [--requests 200]
"""

import argparse

from django.db import connection
from django.test import Client
from in_process import BASELINE, demo_database, timed

from courses.demo import ACCOUNTS
from courses.models import CoursePage, LessonPage, ModulePage
from forums.formatting import post_body_render
from forums.models import Post, Thread
from lms.models import User
from training.models import TrainerKitPage


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    with demo_database():
        client = Client(HTTP_HOST="localhost")
        learner = User.objects.get(email=ACCOUNTS[0].email)
        client.force_login(learner)
        trainer = Client(HTTP_HOST="localhost")
        trainer.force_login(User.objects.get(email="trainer@demo.digitaalmeedoen.be"))
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
        course = CoursePage.objects.get(slug="connectoo", locale__language_code="nl")
        module = ModulePage.objects.child_of(course).order_by("path")[1]
        lesson = LessonPage.objects.child_of(module).order_by("path").first()
        pages = {
            "hello-world (baseline)": BASELINE,
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
            name: timed(client, url, args.requests)[0] for name, url in pages.items()
        }
        results |= {
            name: timed(trainer, url, args.requests)[0]
            for name, url in trainer_pages.items()
        }

    baseline = results["hello-world (baseline)"]
    print(f"{connection.vendor}, {args.requests} requests per page, median")
    print(f"{'page':<24}{'ms':>8}{'× baseline':>12}")
    for name, ms in results.items():
        print(f"{name:<24}{ms:>8.2f}{ms / baseline:>12.1f}")


if __name__ == "__main__":
    main()
