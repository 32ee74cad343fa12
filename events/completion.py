"""A course's webinars as a completion requirement (`courses.completion.WEBINARS`):
the courses that ask for them are complete only once the learner attended each of
their webinars, or watched its recording to the end and answered its reflection
question. Registered in `EventsConfig.ready`.

Facts are kept on the source (Dutch) event, so a webinar is its source page and a
learner who registered for or watched the French translation counts all the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator

from django.conf import settings
from django.db.models import BooleanField, CharField, Subquery, Value

from courses.completion import Webinar, WebinarProgress
from events.models import EventPage, EventRegistration, RecordingView

Status = EventRegistration.Status
# What a watched recording reads as in the one query (not a booking status).
WATCHED = "watched"


class WebinarSource:
    """What `courses.selectors` asks of the events app (`courses.completion.WebinarSource`)."""

    def of_courses(self, course_ids: Collection[int]) -> dict[int, list[Webinar]]:
        """Course id → its live source events that are not cancelled, in order of
        date, each with the titles of its live translations: one query."""
        sources = EventPage.objects.live().filter(
            course_id__in=course_ids,
            cancelled=False,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        rows = (
            EventPage.objects.live()
            .filter(translation_key__in=sources.values("translation_key"))
            .values_list(
                "pk", "translation_key", "locale__language_code", "title",
                "starts_at", "course_id",
            )
            .order_by("starts_at", "pk")
        )  # fmt: skip
        rows = list(rows)
        titles: dict[object, dict[str, str]] = defaultdict(dict)
        for _pk, key, language, title, _starts_at, _course_id in rows:
            titles[key][language] = title
        webinars: dict[int, list[Webinar]] = defaultdict(list)
        for pk, key, language, title, starts_at, course_id in rows:
            # The source's own row (a translation's course is not asked about).
            if language == settings.LANGUAGE_CODE:
                webinars[course_id].append(
                    Webinar(pk=pk, title=title, starts_at=starts_at, titles=titles[key])
                )
        return dict(webinars)

    def progress(
        self, user_ids: Collection[int] | Subquery, webinar_ids: Collection[int]
    ) -> Iterator[tuple[int, int, WebinarProgress]]:
        """Every place held (not cancelled) and every recording watched to the end,
        in one query; attended is a confirmed place the organiser marked (or the
        learner joined through the platform's link)."""
        places = (
            EventRegistration.objects.filter(
                user_id__in=user_ids, event_id__in=webinar_ids
            )
            .exclude(status=Status.CANCELLED)
            .values_list("user_id", "event_id", "status", "attended")
            # SQLite refuses a union of ordered queries; the order does not matter here.
            .order_by()
        )
        watched = (
            RecordingView.objects.filter(
                user_id__in=user_ids, event_id__in=webinar_ids, watched_at__isnull=False
            )
            .values_list(
                "user_id",
                "event_id",
                Value(WATCHED, output_field=CharField()),
                Value(True, output_field=BooleanField()),
            )
            .order_by()
        )
        for user_id, event_id, status, attended in places.union(watched, all=True):
            if status == WATCHED:
                progress = WebinarProgress.WATCHED
            elif status == Status.CONFIRMED:
                progress = (
                    WebinarProgress.ATTENDED if attended else WebinarProgress.REGISTERED
                )
            else:
                progress = WebinarProgress.WAITING
            yield user_id, event_id, progress
