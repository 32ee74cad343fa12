"""One search box for the whole site: courses, lessons, databank items and forum
threads, each only as far as the visitor may open them.

Courses: live, in the reader's language, without a view restriction the visitor does
not pass. Lessons: those of the courses the visitor is enrolled in (every lesson for
an editor). Databank: the published items (`library.selectors.search`). Threads: those
of the forums the visitor may read, hidden ones only for moderators. Each kind costs
a fixed number of queries, whatever the size of the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, LessonPage
from courses.selectors import enrolled_course_ids
from forums.models import Post
from forums.selectors import threads_readable, viewer_for
from home.selectors import pages_open_to
from languages.selectors import in_reader_language
from library import selectors as library
from lms.models import User
from lms.search import matching
from training.kits.selectors import may_edit_pages

PER_KIND = 8


@dataclass
class Hit:
    title: str
    url: str
    summary: str = ""
    context: str = ""  # where it sits: the course of a lesson, the forum of a thread


@dataclass
class Section:
    kind: str
    label: str
    hits: list[Hit]
    more_url: str = ""


def _courses(user, text: str) -> list[Hit]:
    found = in_reader_language(matching(CoursePage.objects.live(), text))
    # A few more than shown, so that restricted ones taken out leave a full list.
    pages = pages_open_to(user, list(found[: PER_KIND * 2]))[:PER_KIND]
    # The intro is HTML: its entities ("&amp;") become text, escaped once by the page.
    return [
        Hit(page.title, page.url, unescape(strip_tags(page.intro))) for page in pages
    ]


def _lessons(user, text: str) -> list[Hit]:
    lessons = LessonPage.objects.live()
    if not may_edit_pages(user):
        # Enrolments are on the source courses; a reader of another language reads
        # the lessons of their translations (`in_reader_language` picks one version).
        enrolled = CoursePage.objects.filter(pk__in=enrolled_course_ids(user))
        paths = CoursePage.objects.filter(
            translation_key__in=enrolled.values("translation_key")
        ).values_list("path", flat=True)
        if not paths:
            return []
        within = Q()
        for path in paths:
            within |= Q(path__startswith=path)
        lessons = lessons.filter(within)
    found = in_reader_language(matching(lessons, text))
    # A few more than shown, so that restricted ones taken out leave a full list.
    pages = pages_open_to(user, list(found[: PER_KIND * 2]))[:PER_KIND]
    return [Hit(page.title, page.url, page.summary) for page in pages]


def _library(text: str) -> list[Hit]:
    items = library.items_matching(library.Query(text=text))[:PER_KIND]
    return [
        Hit(
            item.title,
            reverse("library:item", args=[item.pk]),
            item.description,
            item.organisation,
        )
        for item in items
    ]


def _threads(user, text: str) -> list[Hit]:
    matching_posts = Post.objects.filter(
        thread=OuterRef("pk"), is_hidden=False, text__icontains=text
    )
    threads = (
        threads_readable(viewer_for(user))
        .filter(Q(title__icontains=text) | Exists(matching_posts))
        .order_by("-last_activity_at", "-pk")[:PER_KIND]
    )
    return [
        Hit(
            thread.title,
            reverse("forums:forum_thread", args=[thread.pk]),
            context=thread.forum.title,
        )
        for thread in threads
    ]


def site_search(user: User | AnonymousUser, text: str) -> list[Section]:
    """What `text` finds for `user`, by kind, the kinds with hits first."""
    more = reverse("library:list") + "?" + urlencode({"q": text})
    sections = [
        Section("course", _("Courses"), _courses(user, text)),
        Section("lesson", _("Lessons"), _lessons(user, text)),
        Section(
            "library",
            _("Databank digitale inclusie"),
            _library(text),
            more,
        ),
        Section("thread", _("Forum threads"), _threads(user, text)),
    ]
    return sorted(sections, key=lambda s: not s.hits)
