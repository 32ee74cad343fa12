"""A SCORM activity's attempt in section, lesson, module and course progress: the
learner's own pages and the coordinators' counted view judge it the same way, as
they judge H5P exercises."""

import json

import pytest
from django.urls import reverse

from courses.models import CourseCompletion, LessonPage, ModuleCompletion, ModulePage
from courses.selectors import course_states_for_users, module_state
from courses.services import enrolment_create, section_progress_record
from courses.states import ExerciseMap, section_activities
from quizzes.grading import right_response
from quizzes.services import attempt_start, attempt_submit
from scorm.models import ScormAttempt
from scorm.runtime import sco_commit
from scorm.selectors import content_token
from tests.factories import ModulePageFactory, UserFactory, build_course
from tests.factories.quizzes import make_test
from tests.factories.scorm import (
    lesson_with_scorm,
    scorm12_package,
    scorm2004_package,
    scorm_activity,
)

pytestmark = pytest.mark.django_db

PASSED_12 = {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "100"}
FAILED_12 = {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "0"}


@pytest.fixture
def setup():
    activity = scorm_activity(scorm12_package())
    module = ModulePageFactory()
    lesson = lesson_with_scorm(module, activity)
    learner = UserFactory()
    course = module.get_parent().specific
    enrolment_create(user=learner, course=course)
    lesson = LessonPage.objects.get(pk=lesson.pk)
    for section_id in lesson.section_ids:
        section_progress_record(user=learner, lesson=lesson, section_id=section_id)
    attempt = ScormAttempt.objects.create(user=learner, activity=activity)
    return {"activity": activity, "module": module, "course": course,
            "lesson": lesson, "learner": learner, "attempt": attempt}  # fmt: skip


def _sections(setup):
    state = module_state(setup["module"], setup["learner"])
    return [s.done for s in state.lessons[0].sections]


def _counted(setup):
    """What a coordinator's view says of the learner's lesson."""
    states = course_states_for_users([setup["course"]], [setup["learner"].pk])
    return states[setup["learner"].pk][0].modules[0].lessons[0].done_count


def test_a_section_with_a_required_activity_is_done_once_the_attempt_completes(setup):
    assert _sections(setup) == [False, True]
    assert _counted(setup) == 1
    sco = setup["activity"].package.scos[0]
    sco_commit(attempt=setup["attempt"], sco=sco,
               data={"cmi.core.lesson_status": "incomplete"})  # fmt: skip
    assert _sections(setup) == [False, True]
    sco_commit(attempt=setup["attempt"], sco=sco, data=FAILED_12)
    assert _sections(setup) == [True, True]  # completed; a pass is not asked
    assert _counted(setup) == 2
    assert module_state(setup["module"], setup["learner"]).complete


def test_a_pass_required_activity_needs_a_pass(setup):
    activity = setup["activity"]
    activity.pass_required = True
    activity.save()
    sco = activity.package.scos[0]
    sco_commit(attempt=setup["attempt"], sco=sco, data=FAILED_12)  # 0 < mastery 50
    assert _sections(setup) == [False, True]
    assert _counted(setup) == 1
    sco_commit(attempt=setup["attempt"], sco=sco, data=PASSED_12)
    assert _sections(setup) == [True, True]
    assert _counted(setup) == 2


def test_an_activity_not_required_leaves_the_section_to_its_opening(setup):
    assert _sections(setup) == [False, True]  # the course structure is cached now
    activity = setup["activity"]
    activity.must_complete = False
    activity.save()  # … and starts afresh (CONTENT.watch)
    assert _sections(setup) == [True, True]


def test_a_multi_sco_activity_counts_once_every_sco_is_completed():
    activity = scorm_activity(scorm2004_package())
    module = ModulePageFactory()
    lesson = LessonPage.objects.get(pk=lesson_with_scorm(module, activity, 1).pk)
    learner = UserFactory()
    enrolment_create(user=learner, course=module.get_parent().specific)
    section_progress_record(
        user=learner, lesson=lesson, section_id=lesson.section_ids[0]
    )
    attempt = ScormAttempt.objects.create(user=learner, activity=activity)
    first, second, third = activity.package.scos
    for sco in (first, second):
        sco_commit(
            attempt=attempt, sco=sco, data={"cmi.completion_status": "completed"}
        )
    assert not module_state(module, learner).complete
    sco_commit(attempt=attempt, sco=third, data={"cmi.completion_status": "completed"})
    assert module_state(module, learner).complete


def test_an_h5p_and_a_scorm_activity_of_the_same_id_are_told_apart(setup):
    """Exercises are (block type, id): an H5P exercise done with the SCORM
    activity's id does not make the SCORM one done."""
    pk = setup["activity"].pk
    section = setup["lesson"].body.raw_data[0]
    assert section_activities(section) == [("scorm", pk)]
    exercises = ExerciseMap(required={("scorm", pk)}, done={("h5p", pk)})
    assert not exercises.section_done(section)


def test_a_commit_that_completes_the_attempt_records_the_graded_course(client):
    """As with H5P: a course completes through an activity only when it has a test
    graded on the server (a browser's score alone earns no certificate)."""
    course = build_course(modules=1, lessons=0)
    _, final = make_test(course=course, parent=course, questions=2, question_count=2)
    activity = scorm_activity(scorm12_package())
    module = ModulePage.objects.child_of(course).get()
    lesson = LessonPage.objects.get(pk=lesson_with_scorm(module, activity, 1).pk)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    section_progress_record(
        user=learner, lesson=lesson, section_id=lesson.section_ids[0]
    )
    test_attempt = attempt_start(user=learner, test=final)
    attempt_submit(
        attempt=test_attempt,
        responses={str(q["slot"]): right_response(q) for q in test_attempt.draw},
    )
    assert not CourseCompletion.objects.filter(user=learner, course=course).exists()
    attempt = ScormAttempt.objects.create(user=learner, activity=activity)
    client.force_login(learner)
    response = client.post(
        reverse("scorm:commit", args=[attempt.pk, 1]),
        data=json.dumps({"cmi": PASSED_12}),
        content_type="application/json",
        HTTP_X_SCORM_TOKEN=content_token(
            user=learner, activity=activity, lesson=lesson
        ),
    )
    assert response.json()["done"] is True
    assert ModuleCompletion.objects.filter(user=learner, module=module).exists()
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()
