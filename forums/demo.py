"""Demo forum content from `demo_content/forums.json`: threads in module forums and a
community forum for digihelpers, some questions answered. Idempotent by thread title.

Rows are written directly rather than through the posting services: the demo back-dates
posts over past weeks and must not be rate-limited or mail anyone.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from courses.models import CoursePage, ModulePage
from courses.services import enrolment_create
from forums.formatting import post_body_render
from forums.models import Forum, Post, Subscription, Thread
from lms.models import User

CONTENT = Path(__file__).resolve().parent / "demo_content" / "forums.json"
PERSONAS = {
    "leerling": "leerling@demo.digitaalmeedoen.be",
    "digihelper": "digihelper@demo.digitaalmeedoen.be",
    "trainer": "trainer@demo.digitaalmeedoen.be",
    "coordinator": "coordinator@demo.digitaalmeedoen.be",
}


def _thread(forum: Forum, data: dict[str, Any], users: dict, started) -> None:
    if forum.threads.filter(title=data["title"]).exists():
        return
    authors = [users[post["author"]] for post in data["posts"]]
    thread = Thread.objects.create(
        forum=forum,
        title=data["title"],
        kind=data["kind"],
        author=authors[0],
        last_activity_at=started,
    )
    posts: list[Post] = []
    for number, (post_data, author) in enumerate(
        zip(data["posts"], authors, strict=True)
    ):
        body, text = post_body_render(post_data["body"])
        quote = post_data.get("quote")
        post = Post.objects.create(
            thread=thread,
            author=author,
            source=post_data["body"],
            body=body,
            text=text,
            reply_to=posts[quote] if quote is not None else None,
        )
        created = started + timedelta(hours=5 * number)
        Post.objects.filter(pk=post.pk).update(created_at=created)
        posts.append(post)
        if post_data.get("answer"):
            thread.answer = post
    thread.last_activity_at = started + timedelta(hours=5 * (len(posts) - 1))
    thread.reply_count = len(posts) - 1
    thread.save()
    Thread.objects.filter(pk=thread.pk).update(created_at=started)
    Subscription.objects.get_or_create(user=authors[0], thread=thread)


def load_demo_forums(courses: list[CoursePage]) -> None:
    """Fill the demo module forums and the community forum "Kennisdeling digihelpers"."""
    data = json.loads(CONTENT.read_text(encoding="utf-8"))
    users = {key: User.objects.get(email=email) for key, email in PERSONAS.items()}
    by_slug = {course.slug: course for course in courses}
    now = timezone.now()
    for index, thread_data in enumerate(data["module_threads"]):
        course = by_slug[thread_data["course"]]
        module = ModulePage.objects.child_of(course).get(slug=thread_data["module"])
        started = now - timedelta(days=30 - 3 * index)
        for post_data in thread_data["posts"]:
            # Learners who write in a module forum follow its course.
            if post_data["author"] != "trainer":
                enrolment_create(user=users[post_data["author"]], course=course)
        _thread(Forum.objects.get(module=module), thread_data, users, started)
    for position, forum_data in enumerate(data["community_forums"]):
        forum, _created = Forum.objects.get_or_create(
            module=None,
            title=forum_data["title"],
            defaults={"description": forum_data["description"], "position": position},
        )
        for index, thread_data in enumerate(forum_data["threads"]):
            started = now - timedelta(days=20 - 4 * index)
            _thread(forum, thread_data, users, started)
