"""Who may do what with an event after registration: organise it (see and export the
participant list, record attendance) and see what comes afterwards (the recording,
the slides and the report; for a webinar of a course also its reflection question).

`afterwards_open_to` is the one rule for what comes afterwards: the event page's
"Afterwards" section, the recording page, the streamed video and the download of the
event's documents (`events.wagtail_hooks`, through `afterwards_open_to_any`) all ask
it. Both rules are asked of the Dutch source event, where the facts are kept.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from courses.selectors import is_enrolled
from languages.selectors import source_of
from lms.models import User

from .models import EventPage
from .selectors import confirmed_registration


def may_organise(user: User | AnonymousUser, event: EventPage) -> bool:
    """Whether `user` organises `event`: named among its organisers (editors or
    trainers the editors chose), or allowed to change the page in Wagtail (editors
    of the agenda). One or two queries."""
    if not user.is_authenticated or not user.is_active:
        return False
    if event.organisers.filter(pk=user.pk).exists():
        return True
    return event.permissions_for_user(user).can_edit()


def afterwards_open_to(user: User | AnonymousUser, event: EventPage) -> bool:
    """Whether `user` may see what comes after the source `event` (its recording,
    slides and report). Only people with an account: everyone of them when the
    organiser chose so; otherwise its confirmed participants, for a webinar of a
    course the course's enrolled learners (watching replaces attending), and its
    organisers and the editors of its page."""
    if not user.is_authenticated or not user.is_active:
        return False
    if event.afterwards_visible_to == EventPage.Visibility.EVERYONE:
        return True
    if confirmed_registration(user, event) is not None:
        return True
    if event.course_id and is_enrolled(user, source_of(event.course)):
        return True
    return may_organise(user, event)


def afterwards_open_to_any(
    user: User | AnonymousUser, events: QuerySet[EventPage]
) -> bool:
    """`afterwards_open_to` in the shape of a document viewer rule
    (`home.selectors.ViewerRule`): whether `user` may see what comes after at least
    one of `events` (live pages, sources or translations, each asked of its source)."""
    if not user.is_authenticated:
        return False
    return any(afterwards_open_to(user, source_of(event)) for event in events)
