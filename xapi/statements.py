"""Which facts become learning records, and how each reads as an xAPI 1.0.3 statement.

One builder per fact returns a whole statement (a dict, ready for the LRS):

- **id**: a UUID derived from the fact (`statement_id`), so recording the same fact
  twice gives the same statement and the LRS keeps it once;
- **actor**: the learner as an account on the platform's home page (`actor`), never
  their e-mail address or name;
- **verb**: the ADL verbs cmi5 uses, with their display in the learner's language;
- **object**: an activity whose id is stable (`activity_id`): the site's address, then
  `/xapi/activities/<kind>/<id>` with the id of the source page (or row). A page's URL
  changes when an editor edits its slug and differs per language, while the facts are
  kept on the Dutch source page whatever language the learner reads in: an LRS would
  see one course as several. Names and descriptions are a language map in the
  learner's language where the page is translated (else in the language it is
  written in);
- **context**: the learner's language, the platform, the course as `registration`
  (one UUID per learner and course, as cmi5 does) and the module and course as
  `contextActivities`;
- **result** where the fact has one (score scaled/raw/min/max, success, completion,
  duration), and **timestamp**: when the fact happened.

Builders read the pages they name in at most three queries, whatever the course.
"""

from __future__ import annotations

import copy
import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from courses.models import CoursePage, LessonPage, ModulePage
from events.models import EventPage
from languages.selectors import language_of, locale_languages, source_of, sources_of
from lms.links import absolute_url, learner_agent
from quizzes.models import TestPage
from training.models import TrainingSession

if TYPE_CHECKING:
    from booking.models import Booking
    from courses.models import CourseCompletion, Enrolment, ModuleCompletion
    from h5p.models import H5PActivity
    from lms.models import User
    from quizzes.models import Attempt

#: The namespace of every statement id the platform derives. Never change it: the
#: same fact would get a new id and the LRS would store it again.
NAMESPACE = uuid.UUID("6f1c1f8e-3f0b-5c43-9a1e-2d2b6a0f7c11")

VERBS = "http://adlnet.gov/expapi/verbs/"
ADL = "http://adlnet.gov/expapi/activities/"

#: The ADL verbs (cmi5 uses the same IRIs) and how each reads, per language.
VERB_DISPLAY = {
    "registered": pgettext_lazy("xAPI verb", "registered"),
    "experienced": pgettext_lazy("xAPI verb", "experienced"),
    "attempted": pgettext_lazy("xAPI verb", "attempted"),
    "passed": pgettext_lazy("xAPI verb", "passed"),
    "failed": pgettext_lazy("xAPI verb", "failed"),
    "completed": pgettext_lazy("xAPI verb", "completed"),
    "attended": pgettext_lazy("xAPI verb", "attended"),
}

#: Activity types: ADL's, and the registry's "section" for a part of a lesson.
COURSE = ADL + "course"
MODULE = ADL + "module"
LESSON = ADL + "lesson"
ASSESSMENT = ADL + "assessment"
MEETING = ADL + "meeting"
INTERACTION = ADL + "interaction"
SECTION = "http://id.tincanapi.com/activitytype/section"

#: Where the H5P player says its activity is: the player's files on the content
#: origin, under a signed token (`h5p.views.player`). Forwarded as it is, the LRS would
#: get a credential and a different id on every visit; it is replaced by the
#: activity's own id (a sub-question's `?subContentId=` kept).
H5P_PLAYER_ID = re.compile(r"^(?:[a-z][a-z0-9+.-]*://[^/]+)?/h5p/c/[^/?#]+/files")
#: What only an LRS may set in a statement.
SET_BY_LRS = ("stored", "authority", "version")

DESCRIPTION_LENGTH = 500


# --- The parts every statement shares ----------------------------------------------


def statement_id(*fact: object) -> str:
    """The stable id of a fact (its kind and the ids that make it one fact)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in fact)))


def activity_id(kind: str, pk: object, *rest: object) -> str:
    """The stable id of an activity (see the module's docstring)."""
    return absolute_url("/".join(["/xapi/activities", kind, str(pk), *map(str, rest)]))


def registration(user: User, course_id: int) -> str:
    """One UUID per learner and course, shared by all their statements in it."""
    return statement_id("registration", user.pk, course_id)


def verb(name: str, language: str) -> dict:
    with translation.override(language):
        display = str(VERB_DISPLAY[name])
    return {"id": VERBS + name, "display": {language: display}}


def stamp(moment: datetime | None) -> str:
    return (moment or timezone.now()).astimezone(UTC).isoformat(timespec="milliseconds")


def duration(start: datetime | None, end: datetime | None) -> str | None:
    """An ISO 8601 duration in whole seconds, or None when unknown."""
    if start is None or end is None or end < start:
        return None
    return f"PT{int((end - start).total_seconds())}S"


def _language(user: User) -> str:
    return user.language


def _statement(
    *,
    fact: tuple,
    user: User,
    verb_name: str,
    target: dict,
    language: str,
    when: datetime | None,
    context: dict | None = None,
    result: dict | None = None,
) -> dict:
    statement = {
        "id": statement_id(*fact),
        "actor": learner_agent(user),
        "verb": verb(verb_name, language),
        "object": target,
        "context": {
            "language": language,
            "platform": settings.WAGTAIL_SITE_NAME,
            **(context or {}),
        },
        "timestamp": stamp(when),
    }
    if result:
        statement["result"] = result
    return statement


# --- Pages as activities -------------------------------------------------------------


def _kinds() -> dict[int, tuple[str, str]]:
    """Content type id → (kind in the activity id, activity type), for the pages a
    statement names (cached by Django's content types)."""
    models = {
        CoursePage: ("course", COURSE),
        ModulePage: ("module", MODULE),
        LessonPage: ("lesson", LESSON),
        TestPage: ("test", ASSESSMENT),
        EventPage: ("event", MEETING),
    }
    types = ContentType.objects.get_for_models(*models)
    return {types[model].pk: kind for model, kind in models.items()}


def _tree(page: Page) -> list[Page]:
    """`page` and its module and course above it, nearest first: one query."""
    kinds = _kinds()
    rows = (
        Page.objects.ancestor_of(page, inclusive=True)
        .filter(content_type_id__in=kinds)
        .only("title", "translation_key", "locale_id", "content_type_id", "depth")
        .order_by("-depth")
    )
    return list(rows)


def _has_content(language: str) -> bool:
    """Whether pages are written in `language` (a learner may read the site in a
    language no page is translated into: no query looks for one then)."""
    return language in dict(settings.WAGTAIL_CONTENT_LANGUAGES)


def _titles(pages: list[Page], language: str) -> dict[int, tuple[str, str]]:
    """Page id → (language, title) as a reader of `language` sees it: the live
    translation, else the page's own title: one query at most."""
    titles = {page.pk: (language_of(page), page.title) for page in pages}
    wanted = {
        page.translation_key: page.pk
        for page in pages
        if titles[page.pk][0] != language and _has_content(language)
    }
    if wanted:
        languages = locale_languages()
        for key, locale_id, title in (
            Page.objects.live()
            .filter(translation_key__in=wanted, locale__language_code=language)
            .values_list("translation_key", "locale_id", "title")
        ):
            titles[wanted[key]] = (languages[locale_id], title)
    return titles


def _described(page: Page, language: str) -> tuple[str, str] | None:
    """(language, text) of the page's introduction as a reader of `language` sees
    it (one query for a translation), or None when it has none."""
    shown = page
    if language_of(page) != language and _has_content(language):
        shown = (
            type(page)
            .objects.live()
            .filter(
                translation_key=page.translation_key, locale__language_code=language
            )
            .first()
        ) or page
    text = getattr(shown, "summary", "") or strip_tags(getattr(shown, "intro", ""))
    text = " ".join(text.split())
    if not text:
        return None
    return language_of(shown), Truncator(text).chars(DESCRIPTION_LENGTH)


def _activity(
    page: Page, kind: tuple[str, str], title: tuple[str, str], **definition
) -> dict:
    name, activity_type = kind
    return {
        "objectType": "Activity",
        "id": activity_id(name, page.pk),
        "definition": {
            "type": activity_type,
            "name": {title[0]: title[1]},
            **definition,
        },
    }


def _page_object(user: User, page: Page, language: str) -> tuple[dict, dict]:
    """The statement's object for `page` (a course, module, lesson, test or event
    page in the source language) and its context: the module and course above it
    as parent (the nearest) and grouping, and the learner's registration in the
    course (the page's own or the one above it)."""
    kinds = _kinds()
    tree = _tree(page)
    titles = _titles(tree, language)
    own, above = tree[0], tree[1:]
    definition = {}
    described = _described(page, language)
    if described:
        definition["description"] = {described[0]: described[1]}
    target = _activity(own, kinds[own.content_type_id], titles[own.pk], **definition)
    context = _context(above, kinds, titles)
    course = _course_of(tree, kinds)
    if course is not None:
        context["registration"] = registration(user, course.pk)
    return target, context


def _context(
    above: list[Page], kinds: dict, titles: dict, *, parent: list | None = None
) -> dict:
    activities = [_activity(p, kinds[p.content_type_id], titles[p.pk]) for p in above]
    context: dict = {}
    parents = parent if parent is not None else activities[:1]
    grouping = activities if parent is not None else activities[1:]
    if parents or grouping:
        context["contextActivities"] = {}
        if parents:
            context["contextActivities"]["parent"] = parents
        if grouping:
            context["contextActivities"]["grouping"] = grouping
    return context


def _course_of(above: list[Page], kinds: dict) -> Page | None:
    return next((p for p in above if kinds[p.content_type_id][0] == "course"), None)


# --- The facts -----------------------------------------------------------------------


def registered(*, user: User, course: CoursePage, enrolment: Enrolment) -> dict:
    """A learner registered for a course (enrolled)."""
    language = _language(user)
    target, context = _page_object(user, course, language)
    return _statement(
        fact=("registered", user.pk, course.pk),
        user=user,
        verb_name="registered",
        target=target,
        language=language,
        when=enrolment.enrolled_at,
        context=context,
    )


def experienced(
    *, user: User, lesson: LessonPage, section_id: str, read_at: datetime
) -> dict:
    """A learner read a section of a lesson for the first time. The section is an
    activity of its own, under its lesson (parent), module and course (grouping)."""
    language = _language(user)
    kinds = _kinds()
    tree = _tree(lesson)
    titles = _titles(tree, language)
    own = tree[0]
    section_language, section_title = _section_title(lesson, section_id, titles[own.pk])
    course = _course_of(tree[1:], kinds)
    context = _context(
        tree[1:],
        kinds,
        titles,
        parent=[_activity(own, kinds[own.content_type_id], titles[own.pk])],
    )
    if course is not None:
        context["registration"] = registration(user, course.pk)
    target = {
        "objectType": "Activity",
        "id": activity_id("lesson", lesson.pk, "section", section_id),
        "definition": {"type": SECTION, "name": {section_language: section_title}},
    }
    return _statement(
        fact=("experienced", user.pk, lesson.pk, section_id),
        user=user,
        verb_name="experienced",
        target=target,
        language=language,
        when=read_at,
        context=context,
        result={"completion": True},
    )


def _section_title(
    lesson: LessonPage, section_id: str, lesson_title: tuple[str, str]
) -> tuple[str, str]:
    """(language, title) of a section of `lesson`, in the language the lesson's
    title was found in: the section of the translation (block ids are kept when a
    page is translated), one query only then; else the source's, else the lesson's
    own title."""
    shown = lesson
    if lesson_title[0] != language_of(lesson):
        shown = (
            LessonPage.objects.live()
            .filter(
                translation_key=lesson.translation_key,
                locale__language_code=lesson_title[0],
            )
            .first()
        ) or lesson
    for page in dict.fromkeys([shown, lesson]):
        for item in page.body.raw_data:
            title = (item.get("value") or {}).get("title")
            if item.get("id") == section_id and title:
                return language_of(page), title
    return lesson_title


def attempted(*, user: User, test: TestPage, attempt: Attempt) -> dict:
    """A learner started an attempt at a test."""
    language = _language(user)
    target, context = _page_object(user, test, language)
    return _statement(
        fact=("attempted", attempt.pk),
        user=user,
        verb_name="attempted",
        target=target,
        language=language,
        when=attempt.started_at,
        context=context,
    )


def graded(*, user: User, test: TestPage, attempt: Attempt, passed: bool) -> dict:
    """An attempt was graded: passed or failed, with the score (cmi5's result:
    scaled, raw, min and max; success; completion; how long it took)."""
    language = _language(user)
    target, context = _page_object(user, test, language)
    maximum = Decimal(attempt.max_score or 0)
    score = Decimal(attempt.score or 0)
    scaled = (score / maximum) if maximum else Decimal(0)
    result: dict = {
        "score": {
            "scaled": float(round(scaled, 4)),
            "raw": float(score),
            "min": 0.0,
            "max": float(maximum),
        },
        "success": bool(passed),
        "completion": True,
    }
    took = duration(attempt.started_at, attempt.submitted_at)
    if took:
        result["duration"] = took
    return _statement(
        fact=("graded", attempt.pk),
        user=user,
        verb_name="passed" if passed else "failed",
        target=target,
        language=language,
        when=attempt.submitted_at,
        context=context,
        result=result,
    )


def completed(
    *,
    user: User,
    completion: ModuleCompletion | CourseCompletion,
    module: ModulePage | None = None,
    course: CoursePage | None = None,
) -> dict:
    """A learner completed a module (`module_completed`) or a course
    (`course_completed`)."""
    page = module or course
    language = _language(user)
    target, context = _page_object(user, page, language)
    return _statement(
        fact=("completed", "module" if module else "course", user.pk, page.pk),
        user=user,
        verb_name="completed",
        target=target,
        language=language,
        when=completion.completed_at,
        context=context,
        result={"completion": True},
    )


def _course_context(user: User, course_id: int, language: str) -> dict:
    """The context of something that belongs to a course without being below it (a
    webinar, a training session): the course (its source page) as grouping, and the
    learner's registration in it. One query, two for a translated course."""
    fields = ("title", "translation_key", "locale_id", "content_type_id")
    course = Page.objects.only(*fields).get(pk=course_id)
    source_id = sources_of([course])[course.pk]
    if source_id != course.pk:
        course = Page.objects.only(*fields).get(pk=source_id)
    titles = _titles([course], language)
    kinds = _kinds()
    return {
        "contextActivities": {
            "grouping": [
                _activity(course, kinds[course.content_type_id], titles[course.pk])
            ]
        },
        "registration": registration(user, course.pk),
    }


def attended(
    *, user: User, booking: Booking, bookable: object, attended_at: datetime
) -> dict | None:
    """A learner attended an event of the agenda (marked by the organiser, or joined
    through the platform's link) or a training session (marked by its trainer); a
    webinar of a course and every session have their course as grouping. Anything
    else booked is not (yet) a learning record."""
    language = _language(user)
    if isinstance(bookable, EventPage):
        kind = "event"
        target, context = _page_object(user, bookable, language)
    elif isinstance(bookable, TrainingSession):
        kind = "session"
        # A session's title is written once, in the source language.
        target, context = (
            {
                "objectType": "Activity",
                "id": activity_id("session", bookable.pk),
                "definition": {
                    "type": MEETING,
                    "name": {settings.LANGUAGE_CODE: bookable.title},
                },
            },
            None,
        )
    else:
        return None
    if bookable.course_id:
        context = _course_context(user, bookable.course_id, language)
    return _statement(
        fact=("attended", kind, booking.pk),
        user=user,
        verb_name="attended",
        target=target,
        language=language,
        when=attended_at,
        context=context,
    )


# --- H5P: the player's own statements, forwarded ----------------------------------


def _own_id(value: object, activity: H5PActivity) -> object:
    if not isinstance(value, str):
        return value
    match = H5P_PLAYER_ID.match(value)
    if match is None:
        return value
    return activity_id("h5p", activity.pk) + value[match.end() :]


def _own_ids(activities: object, activity: H5PActivity) -> object:
    if isinstance(activities, dict):  # xAPI 0.95 allowed one activity, not a list
        activities = [activities]
    if not isinstance(activities, list):
        return activities
    for item in activities:
        if isinstance(item, dict):
            item["id"] = _own_id(item.get("id"), activity)
    return activities


def h5p_forwarded(
    *,
    user: User,
    activity: H5PActivity,
    lesson: LessonPage | None,
    statement: dict,
    received_at: datetime | None = None,
) -> dict:
    """An H5P statement as the player sent it, with what the platform decides: its
    id (derived from the learner and the player's id: as stable as that one, which
    the browser chooses; kept as it was, it could take the id of another learner's
    statement, which the outbox would then drop), the actor (the server's rule,
    whatever the browser claimed), the activity's stable id instead of the
    player's tokenised address, the lesson it was played in (its source page) as
    parent (or, when the player named a parent of its own, such as a question set
    for one of its questions, in the grouping with the module and course), the
    learner's language and the platform. What only an LRS sets (stored, authority,
    version) is dropped."""
    language = _language(user)
    forwarded = copy.deepcopy(statement)
    for key in SET_BY_LRS:
        forwarded.pop(key, None)
    forwarded["id"] = statement_id("h5p", user.pk, uuid.UUID(str(statement["id"])))
    forwarded["actor"] = learner_agent(user)
    target = forwarded.get("object")
    if isinstance(target, dict) and target.get("objectType", "Activity") == "Activity":
        target["id"] = _own_id(target.get("id"), activity)
    context = forwarded.get("context")
    if not isinstance(context, dict):
        context = forwarded["context"] = {}
    context["language"] = language
    context["platform"] = settings.WAGTAIL_SITE_NAME
    activities = context.get("contextActivities")
    if not isinstance(activities, dict):
        activities = context["contextActivities"] = {}
    for key in ("parent", "grouping", "category", "other"):
        if key in activities:
            activities[key] = _own_ids(activities[key], activity)
    if lesson is not None:
        kinds = _kinds()
        # Played in a translation, it is the same lesson: the source page's ids.
        tree = _tree(source_of(lesson))
        titles = _titles(tree, language)
        ours = [_activity(p, kinds[p.content_type_id], titles[p.pk]) for p in tree]
        if activities.get("parent"):
            activities["grouping"] = [*activities.get("grouping", []), *ours]
        else:
            activities["parent"] = ours[:1]
            activities["grouping"] = [*activities.get("grouping", []), *ours[1:]]
        course = _course_of(tree, kinds)
        if course is not None and "registration" not in context:
            context["registration"] = registration(user, course.pk)
    if not activities:
        context.pop("contextActivities")
    forwarded.setdefault("timestamp", stamp(received_at))
    return forwarded
