"""Which facts become learning records, and what each statement says: one statement per
fact, through the real services, with the ADL verb, the page as a stable activity, the
module and course as context, the score where there is one, in the learner's language,
and the learner as an account on the platform (never their e-mail address)."""

from __future__ import annotations

import io
import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import LessonPage
from courses.services import enrolment_create, enrolment_leave, section_read
from events.attendance import attendance_record as event_attendance_record
from events.attendance import attendance_via_link
from events.models import EventRegistration
from h5p.models import H5PActivity
from h5p.results import statement_record
from h5p.services import package_import
from quizzes.grading import right_response
from quizzes.models import Attempt
from quizzes.services import attempt_start, attempt_submit, attempts_close_overdue
from tests.factories import (
    LessonPageFactory,
    ModulePageFactory,
    UserFactory,
    build_course,
    lesson_body,
)
from tests.factories.courses import translate_tree
from tests.factories.events import event_page
from tests.factories.h5p import build_package
from tests.factories.quizzes import make_test
from tests.factories.sessions import TrainingSessionFactory
from training.models import Registration
from training.sessions.services import attendance_record as session_attendance_record
from xapi.models import Statement
from xapi.statements import statement_id

pytestmark = pytest.mark.django_db

SITE = "https://leren.example.be"
VERBS = "http://adlnet.gov/expapi/verbs/"
ADL = "http://adlnet.gov/expapi/activities/"


@pytest.fixture(autouse=True)
def lrs(settings):
    """An LRS configured (never reached: these tests run without a broker, so the
    sender is not queued) on a site with a public address of its own."""
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    settings.WAGTAILADMIN_BASE_URL = SITE


def recorded(verb: str | None = None) -> list[dict]:
    rows = Statement.objects.all()
    if verb:
        rows = rows.filter(verb=VERBS + verb)
    return [row.payload for row in rows.order_by("created_at")]


def only(verb: str) -> dict:
    found = recorded(verb)
    assert len(found) == 1, f"{len(found)} statements {verb}"
    return found[0]


def assert_learner(statement: dict, user) -> None:
    """The learner is their account on the platform; nothing in the statement names
    them."""
    assert statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": SITE + "/", "name": str(user.pk)},
    }
    text = json.dumps(statement)
    assert user.email not in text
    assert "mailto:" not in text
    assert user.last_name not in text
    uuid.UUID(statement["id"])


def activity(kind: str, pk: int) -> str:
    return f"{SITE}/xapi/activities/{kind}/{pk}"


def ids(activities: list[dict]) -> list[str]:
    return [a["id"] for a in activities]


def read_all(user, course) -> None:
    for module in course.get_children().specific():
        for lesson in module.get_children().specific():
            for number in range(1, len(lesson.section_ids) + 1):
                section_read(
                    user=user,
                    lesson=lesson,
                    number=number,
                    course=course,
                    module=module,
                )


# --- Courses -----------------------------------------------------------------------


def test_registering_for_a_course_is_one_statement_however_often_it_is_done():
    course = build_course()
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    enrolment_create(user=learner, course=course)
    statement = only("registered")
    assert_learner(statement, learner)
    assert statement["verb"]["id"] == VERBS + "registered"
    assert list(statement["verb"]["display"]) == ["nl"]
    assert statement["object"]["id"] == activity("course", course.pk)
    assert statement["object"]["definition"]["type"] == ADL + "course"
    assert statement["object"]["definition"]["name"] == {"nl": course.title}
    assert statement["object"]["definition"]["description"] == {"nl": "Een opleiding."}
    assert statement["context"]["language"] == "nl"
    assert statement["context"]["registration"]
    assert statement["timestamp"].startswith(str(timezone.now().year))
    assert Statement.objects.get().user == learner


def test_leaving_and_enrolling_again_does_not_register_twice():
    course = build_course()
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    enrolment_leave(user=learner, course=course)
    enrolment_create(user=learner, course=course)
    assert len(recorded("registered")) == 1


def test_reading_a_section_is_experienced_under_its_lesson_module_and_course():
    course = build_course(modules=2, lessons=1, sections=3)
    module = course.get_children().first().specific
    lesson = module.get_children().first().specific
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    section_read(user=learner, lesson=lesson, number=2, course=course, module=module)
    section_read(user=learner, lesson=lesson, number=2, course=course, module=module)
    statement = only("experienced")
    assert_learner(statement, learner)
    section_id = lesson.section_ids[1]
    assert statement["object"] == {
        "objectType": "Activity",
        "id": activity("lesson", lesson.pk) + f"/section/{section_id}",
        "definition": {
            "type": "http://id.tincanapi.com/activitytype/section",
            "name": {"nl": "Onderdeel 2"},
        },
    }
    context = statement["context"]["contextActivities"]
    assert ids(context["parent"]) == [activity("lesson", lesson.pk)]
    assert ids(context["grouping"]) == [
        activity("module", module.pk),
        activity("course", course.pk),
    ]
    # Every statement of the learner in this course shares one registration.
    assert (
        statement["context"]["registration"]
        == only("registered")["context"]["registration"]
    )


def test_reading_the_last_section_completes_the_module_and_the_course():
    course = build_course(modules=1, lessons=1, sections=2)
    module = course.get_children().first().specific
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    read_all(learner, course)
    completed = recorded("completed")
    assert [s["object"]["id"] for s in completed] == [
        activity("module", module.pk),
        activity("course", course.pk),
    ]
    module_done, course_done = completed
    assert module_done["object"]["definition"]["type"] == ADL + "module"
    assert ids(module_done["context"]["contextActivities"]["parent"]) == [
        activity("course", course.pk)
    ]
    assert course_done["object"]["definition"]["type"] == ADL + "course"
    assert "contextActivities" not in course_done["context"]
    for statement in completed:
        assert statement["result"] == {"completion": True}
        assert_learner(statement, learner)
    assert len(recorded("experienced")) == 2


def test_a_french_learner_gets_french_names_and_verbs():
    course = build_course(modules=1, lessons=1, sections=2)
    translate_tree(course, "fr")
    module = course.get_children().first().specific
    lesson = module.get_children().first().specific
    learner = UserFactory(preferred_language="fr")
    enrolment_create(user=learner, course=course)
    section_read(user=learner, lesson=lesson, number=1, course=course, module=module)
    registered = only("registered")
    assert registered["object"]["definition"]["name"] == {"fr": f"FR {course.title}"}
    assert registered["context"]["language"] == "fr"
    assert list(registered["verb"]["display"]) == ["fr"]
    experienced = only("experienced")
    assert experienced["object"]["definition"]["name"] == {"fr": "FR Onderdeel 1"}
    # The facts are kept on the Dutch source pages: one activity id in every language.
    assert experienced["object"]["id"].startswith(activity("lesson", lesson.pk))
    grouping = experienced["context"]["contextActivities"]["grouping"]
    assert [a["definition"]["name"] for a in grouping] == [
        {"fr": f"FR {module.title}"},
        {"fr": f"FR {course.title}"},
    ]


def test_a_learner_in_a_language_without_content_gets_the_source_names():
    course = build_course()
    learner = UserFactory(preferred_language="en")
    enrolment_create(user=learner, course=course)
    statement = only("registered")
    assert statement["context"]["language"] == "en"
    assert statement["verb"]["display"] == {"en": "registered"}
    assert statement["object"]["definition"]["name"] == {"nl": course.title}


# --- Tests ---------------------------------------------------------------------------


def test_an_attempt_is_attempted_then_passed_with_its_score():
    course, test = make_test(questions=4, question_count=4)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, test=test)
    attempted = only("attempted")
    assert_learner(attempted, learner)
    assert attempted["object"]["id"] == activity("test", test.pk)
    assert attempted["object"]["definition"]["type"] == ADL + "assessment"
    module = test.get_parent()
    assert ids(attempted["context"]["contextActivities"]["parent"]) == [
        activity("module", module.pk)
    ]
    assert ids(attempted["context"]["contextActivities"]["grouping"]) == [
        activity("course", course.pk)
    ]
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )
    attempt_submit(attempt=attempt)  # a second submit grades nothing
    passed = only("passed")
    attempt.refresh_from_db()
    assert passed["result"]["score"] == {
        "scaled": 1.0,
        "raw": float(attempt.score),
        "min": 0.0,
        "max": float(attempt.max_score),
    }
    assert passed["result"]["success"] is True
    assert passed["result"]["completion"] is True
    assert passed["result"]["duration"].startswith("PT")
    assert passed["object"]["id"] == activity("test", test.pk)
    assert passed["context"]["registration"] == attempted["context"]["registration"]
    assert recorded("failed") == []


def test_a_failed_attempt_is_failed_with_its_score():
    course, test = make_test(questions=4, question_count=4, pass_mark=50)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, test=test)
    attempt_submit(attempt=attempt, responses={})
    failed = only("failed")
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["raw"] == 0.0
    assert failed["result"]["score"]["scaled"] == 0.0
    assert recorded("passed") == []
    assert recorded("completed") == []


def test_an_overdue_attempt_closed_by_the_task_is_graded_once():
    course, test = make_test(questions=2, question_count=2, time_limit_minutes=5)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, test=test)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(hours=1)
    )
    assert attempts_close_overdue() == 1
    assert attempts_close_overdue() == 0
    assert len(recorded("failed")) == 1


# --- Attendance ----------------------------------------------------------------------


def test_joining_an_event_through_the_link_is_attended_once():
    event = event_page(starts_in=timedelta(minutes=5))
    learner = UserFactory()
    registration = EventRegistration.objects.create(
        event=event, user=learner, status="confirmed"
    )
    attendance_via_link(event=event, user=learner)
    attendance_via_link(event=event, user=learner)
    statement = only("attended")
    assert_learner(statement, learner)
    assert statement["object"]["id"] == activity("event", event.pk)
    assert statement["object"]["definition"]["type"] == ADL + "meeting"
    assert statement["object"]["definition"]["name"] == {"nl": event.title}
    registration.refresh_from_db()
    assert registration.attended


def test_an_organiser_marking_attendance_records_each_attendee_once():
    organiser = UserFactory()
    event = event_page(starts_in=timedelta(minutes=-30))
    event.organisers.add(organiser)
    event.save()
    present, absent = UserFactory(), UserFactory()
    registrations = [
        EventRegistration.objects.create(event=event, user=user, status="confirmed")
        for user in (present, absent)
    ]
    event_attendance_record(
        event=event, organiser=organiser, present={registrations[0].pk}
    )
    event_attendance_record(
        event=event, organiser=organiser, present={registrations[0].pk}
    )
    statement = only("attended")
    assert statement["actor"]["account"]["name"] == str(present.pk)


def test_a_trainer_marking_a_session_records_the_attendees_once():
    trainer = UserFactory()
    session = TrainingSessionFactory(
        starts_at=timezone.now() - timedelta(hours=1), trainers=[trainer]
    )
    learners = [UserFactory(), UserFactory()]
    registrations = [
        Registration.objects.create(session=session, user=user, status="confirmed")
        for user in learners
    ]
    present = {r.pk for r in registrations}
    session_attendance_record(session=session, trainer=trainer, present=present)
    session_attendance_record(session=session, trainer=trainer, present=present)
    attended = recorded("attended")
    assert len(attended) == 2
    assert {s["actor"]["account"]["name"] for s in attended} == {
        str(u.pk) for u in learners
    }
    statement = attended[0]
    assert statement["object"]["id"] == activity("session", session.pk)
    assert statement["object"]["definition"]["name"] == {"nl": session.title}
    assert ids(statement["context"]["contextActivities"]["grouping"]) == [
        activity("course", session.course_id)
    ]


# --- H5P -----------------------------------------------------------------------------


@pytest.fixture
def h5p_lesson(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package, _ = package_import(upload=io.BytesIO(build_package()))
    h5p = H5PActivity.objects.create(title="Oefening itsme", package=package)
    module = ModulePageFactory()
    body = lesson_body(1)
    body[0]["value"]["content"].append(
        {"type": "h5p", "id": str(uuid.uuid4()), "value": h5p.pk}
    )
    lesson = LessonPageFactory(parent=module, body=body)
    return h5p, lesson, module


def player_statement(user, **changes) -> dict:
    """A statement as the H5P player sends it: its own id, the actor the browser
    claims, the player's tokenised address as the object."""
    statement = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:{user.email}", "name": "x"},
        "verb": {"id": VERBS + "answered", "display": {"en-US": "answered"}},
        "object": {
            "objectType": "Activity",
            "id": "/h5p/c/SIGNED.TOKEN:abc/files?subContentId=42",
            "definition": {
                "name": {"nl": "Waar of niet waar?"},
                "interactionType": "true-false",
                "correctResponsesPattern": ["true"],
                "type": ADL + "cmi.interaction",
            },
        },
        "context": {
            "contextActivities": {
                "parent": [
                    {"id": "/h5p/c/SIGNED.TOKEN:abc/files", "objectType": "Activity"}
                ],
                "category": [
                    {
                        "id": "http://h5p.org/libraries/H5P.TrueFalse-1.8",
                        "objectType": "Activity",
                    }
                ],
            }
        },
        "result": {
            "score": {"min": 0, "max": 1, "raw": 1, "scaled": 1},
            "success": True,
            "completion": True,
            "duration": "PT3.2S",
            "response": "true",
        },
    }
    statement.update(changes)
    return statement


def test_an_h5p_statement_is_forwarded_with_the_platform_s_actor_and_ids(h5p_lesson):
    h5p, lesson, module = h5p_lesson
    learner = UserFactory()
    sent = player_statement(learner)
    statement_record(user=learner, activity=h5p, statement=sent, lesson=lesson)
    statement_record(user=learner, activity=h5p, statement=sent, lesson=lesson)
    forwarded = only("answered")
    # Stable (sent twice, one statement) but the platform's, not the browser's.
    assert forwarded["id"] != sent["id"]
    uuid.UUID(forwarded["id"])
    assert_learner(forwarded, learner)
    assert "TOKEN" not in json.dumps(forwarded)
    assert forwarded["object"]["id"] == activity("h5p", h5p.pk) + "?subContentId=42"
    assert forwarded["object"]["definition"] == sent["object"]["definition"]
    assert forwarded["result"] == sent["result"]
    context = forwarded["context"]
    assert context["language"] == "nl"
    # The player named the exercise as the question's parent: kept (with our id);
    # the lesson, its module and course group it.
    assert ids(context["contextActivities"]["parent"]) == [activity("h5p", h5p.pk)]
    assert ids(context["contextActivities"]["grouping"]) == [
        activity("lesson", lesson.pk),
        activity("module", module.pk),
        activity("course", module.get_parent().pk),
    ]
    assert (
        context["contextActivities"]["category"]
        == (sent["context"]["contextActivities"]["category"])
    )
    assert forwarded["timestamp"]


def test_an_h5p_statement_cannot_take_the_id_of_another_learner_s_statement(
    h5p_lesson,
):
    """The player's statement id comes from the browser. A learner who sends the id
    the platform gives another learner's registration (derived from public ids) does
    not stop theirs being recorded."""
    h5p, lesson, module = h5p_lesson
    course = module.get_parent().specific
    victim, squatter = UserFactory(), UserFactory()
    enrolment_create(user=squatter, course=course)
    victim_registration = statement_id("registered", victim.pk, course.pk)
    sent = player_statement(squatter, id=victim_registration)
    statement_record(user=squatter, activity=h5p, statement=sent, lesson=lesson)
    enrolment_create(user=victim, course=course)
    mine = [
        s
        for s in recorded("registered")
        if s["actor"]["account"]["name"] == str(victim.pk)
    ]
    assert [s["id"] for s in mine] == [victim_registration]


def test_a_top_level_h5p_statement_has_the_lesson_as_parent(h5p_lesson):
    h5p, lesson, module = h5p_lesson
    learner = UserFactory()
    sent = player_statement(learner, context={})
    sent["object"]["id"] = "/h5p/c/SIGNED.TOKEN:abc/files"
    sent["verb"] = {"id": VERBS + "completed", "display": {"en-US": "completed"}}
    statement_record(user=learner, activity=h5p, statement=sent, lesson=lesson)
    forwarded = only("completed")
    assert forwarded["object"]["id"] == activity("h5p", h5p.pk)
    activities = forwarded["context"]["contextActivities"]
    assert ids(activities["parent"]) == [activity("lesson", lesson.pk)]
    assert ids(activities["grouping"]) == [
        activity("module", module.pk),
        activity("course", module.get_parent().pk),
    ]


def test_an_h5p_exercise_played_in_a_translation_is_the_source_lesson_s(h5p_lesson):
    h5p, lesson, module = h5p_lesson
    translated = translate_tree(module.get_parent(), "fr")
    french_lesson = LessonPage.objects.get(
        translation_key=lesson.translation_key, locale__language_code="fr"
    )
    assert translated.pk != module.get_parent().pk
    learner = UserFactory(preferred_language="fr")
    sent = player_statement(learner, context={})
    sent["object"]["id"] = "/h5p/c/SIGNED.TOKEN:abc/files"
    statement_record(user=learner, activity=h5p, statement=sent, lesson=french_lesson)
    activities = only("answered")["context"]["contextActivities"]
    assert ids(activities["parent"]) == [activity("lesson", lesson.pk)]
    assert activities["parent"][0]["definition"]["name"] == {"fr": f"FR {lesson.title}"}
