"""Learners' journeys reach a real LRS: every statement the facts make is accepted by
Ralph (which validates each against the xAPI 1.0.3 rules) and stored as the platform
wrote it, once, however often the facts are repeated."""

from __future__ import annotations

import io
import json
import subprocess
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import LessonPage
from courses.services import enrolment_create, section_read
from events.attendance import attendance_via_link
from events.models import EventRegistration
from h5p.models import H5PActivity
from h5p.results import statement_record
from h5p.services import package_import
from quizzes.grading import right_response
from quizzes.services import attempt_start, attempt_submit
from tests.factories import LessonPageFactory, UserFactory, lesson_body
from tests.factories.courses import translate_tree
from tests.factories.events import event_page
from tests.factories.h5p import build_package
from tests.factories.quizzes import make_test
from tests.factories.sessions import TrainingSessionFactory
from training.models import Registration
from training.sessions.services import attendance_record
from xapi import outbox
from xapi.models import Statement

from .conftest import RALPH_PYTHON

pytestmark = pytest.mark.django_db

VERBS = "http://adlnet.gov/expapi/verbs/"

#: Ralph's strict model of a statement (RFC 3987 IRIs, language tags, UUIDs, the
#: rules on empty values): its API accepts more (`LaxStatement`), an LRS may not.
STRICT = """
import json, sys
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement
errors = {}
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement(**statement)
    except ValidationError as error:
        errors[statement["id"]] = str(error)
print(json.dumps(errors))
"""


def strictly_invalid(statements: list[dict]) -> dict[str, str]:
    """Statement id → why Ralph's strict model refuses it."""
    done = subprocess.run(
        [str(RALPH_PYTHON), "-c", STRICT],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def journeys(django_capture_on_commit_callbacks) -> None:
    """A Dutch learner goes through a course with a test (failing once, then
    passing), an H5P exercise, a webinar and a training session; a French learner
    registers for the course's translation and reads a section."""
    course, test = make_test(questions=3, question_count=3, max_attempts=0)
    module = course.get_children().first().specific
    with django_capture_on_commit_callbacks(execute=True):
        package, _ = package_import(upload=io.BytesIO(build_package()))
    h5p = H5PActivity.objects.create(title="Oefening itsme", package=package)
    body = lesson_body(1)
    body[0]["value"]["content"].append(
        {"type": "h5p", "id": str(uuid.uuid4()), "value": h5p.pk}
    )
    LessonPageFactory(parent=module, body=body)
    translate_tree(course, "fr")

    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    lessons = list(LessonPage.objects.child_of(module).specific())
    for lesson in lessons:
        for number in range(1, len(lesson.section_ids) + 1):
            section_read(
                user=learner, lesson=lesson, number=number, course=course, module=module
            )
    statement_record(
        user=learner,
        activity=h5p,
        lesson=lessons[-1],
        statement={
            "id": str(uuid.uuid4()),
            "actor": {"objectType": "Agent", "mbox": f"mailto:{learner.email}"},
            "verb": {"id": VERBS + "answered", "display": {"en-US": "answered"}},
            "object": {
                "objectType": "Activity",
                "id": "/h5p/c/A.TOKEN:x/files",
                "definition": {
                    "name": {"nl": "Waar of niet waar?"},
                    "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                    "interactionType": "true-false",
                    "correctResponsesPattern": ["true"],
                },
            },
            "result": {
                "score": {"min": 0, "max": 1, "raw": 1, "scaled": 1},
                "success": True,
                "completion": True,
                "duration": "PT4.12S",
                "response": "true",
            },
        },
    )
    failed = attempt_start(user=learner, test=test)
    attempt_submit(attempt=failed, responses={})
    passed = attempt_start(user=learner, test=test)
    attempt_submit(
        attempt=passed,
        responses={str(q["slot"]): right_response(q) for q in passed.draw},
    )
    event = event_page(starts_in=timedelta(minutes=5), course=course)
    EventRegistration.objects.create(event=event, user=learner, status="confirmed")
    attendance_via_link(event=event, user=learner)
    trainer = UserFactory()
    session = TrainingSessionFactory(
        course=course, starts_at=timezone.now() - timedelta(hours=1), trainers=[trainer]
    )
    seat = Registration.objects.create(
        session=session, user=learner, status="confirmed"
    )
    attendance_record(session=session, trainer=trainer, present={seat.pk})

    reader = UserFactory(preferred_language="fr")
    enrolment_create(user=reader, course=course)
    section_read(user=reader, lesson=lessons[0], number=1, course=course, module=module)


def test_a_learner_s_journey_reaches_ralph_whole_and_once(
    ralph, django_capture_on_commit_callbacks
):
    journeys(django_capture_on_commit_callbacks)
    verbs = set(Statement.objects.values_list("verb", flat=True))
    assert {v.removeprefix(VERBS) for v in verbs} == {
        "registered",
        "experienced",
        "answered",
        "attempted",
        "failed",
        "passed",
        "completed",
        "attended",
    }
    recorded = {str(row.pk): row.payload for row in Statement.objects.all()}
    assert strictly_invalid(list(recorded.values())) == {}

    outbox.send_due()

    problems = list(
        Statement.objects.exclude(last_error="").values_list("verb", "last_error")
    )
    assert problems == [], problems
    assert not Statement.objects.filter(sent_at__isnull=True).exists()
    stored = {s["id"]: s for s in ralph.statements()}
    assert set(stored) == set(recorded)
    for statement_id, ours in recorded.items():
        theirs = stored[statement_id]
        for key in ("actor", "verb", "object", "context"):
            assert theirs[key] == ours[key], (ours["verb"]["id"], key)
        assert ("result" in theirs) == ("result" in ours)

    # The same facts announced again (a row reset, a fact repeated): nothing new.
    Statement.objects.update(sent_at=None, next_try_at=timezone.now())
    assert outbox.send_due() == len(recorded)
    assert sorted(ralph.stored_ids()) == sorted(recorded)


def test_the_strict_check_refuses_what_the_platform_rewrites():
    """The check above would see the player's own address as an activity id, or a
    home page that is not an address."""

    def statement(home_page: str, activity: str) -> dict:
        return {
            "id": str(uuid.uuid4()),
            "actor": {
                "objectType": "Agent",
                "account": {"homePage": home_page, "name": "1"},
            },
            "verb": {"id": VERBS + "answered"},
            "object": {"objectType": "Activity", "id": activity},
        }

    good = statement("https://leren.example.be/", "https://leren.example.be/x/1")
    player = statement("https://leren.example.be/", "/h5p/c/A.TOKEN:x/files")
    home = statement("digitaalmeedoen", "https://leren.example.be/x/1")
    assert set(strictly_invalid([good, player, home])) == {player["id"], home["id"]}
