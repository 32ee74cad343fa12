"""A course that asks for its webinars: complete only once the learner attended each
of them, or watched its recording to the end and answered the reflection question
(`courses.completion.WEBINARS`, answered by `events.completion`)."""

from datetime import timedelta

import pytest
from django.db.models import Subquery
from django.utils import timezone, translation

from courses import completion
from courses.models import CourseCompletion, LessonPage
from courses.selectors import course_state, course_states_for_users
from courses.services import (
    completion_record,
    enrolment_create,
    section_progress_record,
)
from events.completion import WebinarSource
from events.models import EventRegistration, RecordingView
from languages.services import translation_publish
from lms.models import User
from tests.factories import UserFactory, build_course, event_page, translate_tree
from tests.factories.courses import french

pytestmark = pytest.mark.django_db

Status = EventRegistration.Status


@pytest.fixture(autouse=True)
def webinar_source():
    """The events app registers its source in `EventsConfig.ready`; until that line
    is there, these tests register it themselves (and take it away after)."""
    added = completion.webinars() is None
    if added:
        completion.register(completion.WEBINARS, WebinarSource())
    yield completion.webinars()
    if added:
        completion._sources.pop(completion.WEBINARS, None)


def course_asking_for_webinars(*, requires: bool = True):
    course = build_course(modules=1, lessons=1, sections=2)
    course.requires_webinars = requires
    course.save_revision().publish()
    course.refresh_from_db()
    return course


def read_everything(user, course):
    enrolment_create(user=user, course=course)
    for lesson in LessonPage.objects.descendant_of(course):
        for section_id in lesson.section_ids:
            section_progress_record(user=user, lesson=lesson, section_id=section_id)


def attend(user, event, *, attended=True, status=Status.CONFIRMED):
    return EventRegistration.objects.create(
        event=event, user=user, status=status, attended=attended,
        attended_via=EventRegistration.AttendedVia.ORGANISER if attended else "",
    )  # fmt: skip


def watch(user, event, *, to_the_end=True):
    return RecordingView.objects.create(
        event=event, user=user, reflection="Ik neem mee: eerst luisteren.",
        watched_at=timezone.now() if to_the_end else None,
    )  # fmt: skip


def test_a_course_asking_for_webinars_says_which_are_missing_with_their_dates():
    course = course_asking_for_webinars()
    ahead = event_page(title="Webinar empathie", course=course)
    past = event_page(
        title="Webinar houding", course=course, starts_in=timedelta(days=-20)
    )
    learner = UserFactory()
    read_everything(learner, course)

    state = course_state(course, learner)
    assert all(module.complete for module in state.modules)
    assert not state.webinars_ok and not state.complete
    assert [w.pk for w in state.webinars_missing] == [past.pk, ahead.pk]  # by date
    when = timezone.localtime(ahead.starts_at)
    with translation.override("en"):
        words = " ".join(state.missing)
    assert "“Webinar empathie”" in words and str(when.year) in words
    assert "Attend the webinar “Webinar empathie” on" in words
    assert "or watch its recording" in words
    # A past one can only be watched now.
    assert "Watch the recording of the webinar “Webinar houding”" in words


def test_attending_each_webinar_completes_the_course():
    course = course_asking_for_webinars()
    first = event_page(course=course, starts_in=timedelta(days=-10))
    second = event_page(course=course, starts_in=timedelta(days=-3))
    learner = UserFactory()
    read_everything(learner, course)
    attend(learner, first)
    assert not course_state(course, learner).complete
    attend(learner, second)
    state = course_state(course, learner)
    assert state.webinars_ok and state.complete and state.missing == []


def test_watching_the_recording_to_the_end_counts_as_attending():
    course = course_asking_for_webinars()
    webinar = event_page(course=course, starts_in=timedelta(days=-10))
    learner = UserFactory()
    read_everything(learner, course)
    view = watch(learner, webinar, to_the_end=False)  # started, not finished
    assert not course_state(course, learner).complete
    view.watched_at = timezone.now()
    view.save()
    assert course_state(course, learner).complete


def test_only_registering_or_being_absent_does_not_count():
    course = course_asking_for_webinars()
    ahead = event_page(course=course)
    past = event_page(course=course, starts_in=timedelta(days=-5))
    absent, waiting, cancelled = UserFactory.create_batch(3)
    for learner in (absent, waiting, cancelled):
        read_everything(learner, course)
    attend(absent, ahead, attended=None)  # registered, confirmed
    attend(absent, past, attended=False)  # the organiser marked them absent
    attend(waiting, past, status=Status.WAITING)  # never got a place: no count
    EventRegistration.objects.filter(user=waiting).update(attended=True)
    attend(cancelled, past, status=Status.CANCELLED)
    EventRegistration.objects.filter(user=cancelled).update(attended=True)
    for learner in (absent, waiting, cancelled):
        state = course_state(course, learner)
        assert not state.complete, learner
        assert len(state.webinars_missing) == 2


def test_a_cancelled_or_unpublished_webinar_is_not_required():
    course = course_asking_for_webinars()
    attended = event_page(course=course, starts_in=timedelta(days=-2))
    event_page(course=course, cancelled=True)
    draft = event_page(course=course)
    draft.unpublish()
    learner = UserFactory()
    read_everything(learner, course)
    attend(learner, attended)
    state = course_state(course, learner)
    assert [w.pk for w in state.webinars] == [attended.pk]
    assert state.complete


def test_a_course_that_does_not_ask_ignores_its_webinars():
    course = course_asking_for_webinars(requires=False)
    event_page(course=course)
    learner = UserFactory()
    read_everything(learner, course)
    state = course_state(course, learner)
    assert state.webinars == [] and state.complete


def test_webinars_of_another_course_do_not_count():
    course, other = course_asking_for_webinars(), course_asking_for_webinars()
    mine = event_page(course=course, starts_in=timedelta(days=-1))
    theirs = event_page(course=other, starts_in=timedelta(days=-1))
    learner = UserFactory()
    read_everything(learner, course)
    attend(learner, theirs)
    assert [w.pk for w in course_state(course, learner).webinars_missing] == [mine.pk]
    attend(learner, mine)
    assert course_state(course, learner).complete


def test_attendance_reaching_completion_record_completes_the_course_once():
    course = course_asking_for_webinars()
    webinar = event_page(course=course, starts_in=timedelta(days=-1))
    learner = UserFactory()
    read_everything(learner, course)
    completion_record(user=learner, course=course)
    assert not CourseCompletion.objects.filter(user=learner, course=course).exists()
    attend(learner, webinar)
    assert completion_record(user=learner, course=course).complete
    assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1


def test_the_french_course_is_judged_on_the_dutch_course_and_webinar():
    """Facts are on the source: a learner who attended the Dutch webinar has done it
    when reading the French course, and the French reader sees the French title."""
    course = course_asking_for_webinars()
    webinar = event_page(
        title="Webinar empathie", course=course, starts_in=timedelta(days=-3)
    )
    translated = translation_publish(webinar, "fr", french(webinar))
    translated.title = "Webinaire empathie"
    translated.save_revision().publish()
    translate_tree(course)
    learner = UserFactory()
    read_everything(learner, course)
    with translation.override("fr"):
        state = course_state(course, learner)
        (webinar_missing,) = state.webinars_missing
        assert webinar_missing.pk == webinar.pk
        assert "Webinaire empathie" in state.missing[-1]
    attend(learner, webinar)
    assert course_state(course, learner).complete


def test_the_progress_table_counts_the_webinars_as_the_learner_pages_do():
    course = course_asking_for_webinars()
    first = event_page(course=course, starts_in=timedelta(days=-10))
    second = event_page(course=course, starts_in=timedelta(days=-3))
    nothing, lessons_only, one, both, watched = UserFactory.create_batch(5)
    for learner in (lessons_only, one, both, watched):
        read_everything(learner, course)
    attend(one, first)
    attend(both, first)
    attend(both, second)
    attend(watched, first)
    watch(watched, second)
    learners = [nothing, lessons_only, one, both, watched]
    # As a coordinator's table asks: the members as a subquery.
    members = User.objects.filter(pk__in=[u.pk for u in learners]).values("pk")
    counted = course_states_for_users([course], Subquery(members))
    for learner in learners:
        table, own = counted[learner.pk][0], course_state(course, learner)
        assert (table.complete, table.missing, table.webinars_ok) == (
            own.complete, own.missing, own.webinars_ok,
        ), learner  # fmt: skip
    assert [counted[u.pk][0].complete for u in learners] == [
        False, False, False, True, True,
    ]  # fmt: skip
