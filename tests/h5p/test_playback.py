"""H5P playback: content only on the content origin and only with a valid token, its
headers, the xAPI and state endpoints, and exercises in section completion."""

import io
import json
import uuid

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from courses.models import CourseCompletion, LessonPage, ModulePage
from courses.selectors import module_state
from courses.services import (
    enrolment_create,
    enrolment_leave,
    section_progress_record,
)
from h5p.models import H5PActivity, H5PResult, XAPIStatement
from h5p.selectors import playback_for
from h5p.services import package_import
from h5p.tokens import SALT, content_token
from quizzes.grading import right_response
from quizzes.services import attempt_start, attempt_submit
from tests.factories import (
    LessonPageFactory,
    ModulePageFactory,
    UserFactory,
    build_course,
    lesson_body,
)
from tests.factories.h5p import build_package
from tests.factories.quizzes import make_test

pytestmark = pytest.mark.django_db

CONTENT_HOST = "h5p.localhost"
VERB = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def setup(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package, _ = package_import(upload=io.BytesIO(build_package()))
    activity = H5PActivity.objects.create(title="Oefening itsme", package=package)
    module = ModulePageFactory()
    body = lesson_body(2)
    body[0]["value"]["content"].append(
        {"type": "h5p", "id": str(uuid.uuid4()), "value": activity.pk}
    )
    lesson = LessonPageFactory(parent=module, body=body)
    learner = UserFactory()
    enrolment_create(user=learner, course=module.get_parent().specific)
    token = content_token(user=learner, activity=activity, lesson=lesson)
    return {
        "activity": activity,
        "lesson": lesson,
        "module": module,
        "learner": learner,
        "token": token,
    }


def content(path: str) -> Client:
    return Client(HTTP_HOST=CONTENT_HOST).get(path)


def test_the_player_and_files_answer_on_the_content_origin_only(setup, client):
    token = setup["token"]
    player = f"/h5p/c/{token}/"
    file = f"/h5p/c/{token}/files/H5P.Hello-1.0/hello.js"
    assert content(player).status_code == 200
    assert content(file).status_code == 200
    assert client.get(player).status_code == 404  # the site never serves them
    assert client.get(file).status_code == 404
    assert content("/").status_code == 404  # and the content origin no site page
    assert content("/account/login/").status_code == 404


def test_content_headers_are_strict(setup, settings):
    response = content(f"/h5p/c/{setup['token']}/files/H5P.Hello-1.0/hello.js")
    assert response["Content-Type"] == "text/javascript"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert (
        "frame-ancestors http://127.0.0.1:8000" in policy or "frame-ancestors" in policy
    )
    assert "X-Frame-Options" not in response
    json_response = content(f"/h5p/c/{setup['token']}/files/content/content.json")
    assert json_response["Content-Type"] == "application/json"
    player = content(f"/h5p/c/{setup['token']}/")
    assert "frame-ancestors" in player["Content-Security-Policy"]


def test_an_expired_token_is_403(setup, settings):
    settings.H5P_TOKEN_MAX_AGE = -1
    assert content(f"/h5p/c/{setup['token']}/").status_code == 403
    assert content(f"/h5p/c/{setup['token']}/files/h5p.json").status_code == 403


def test_a_forged_token_is_403(setup):
    forged = signing.dumps(
        {"u": setup["learner"].pk, "a": setup["activity"].pk, "l": setup["lesson"].pk},
        salt=SALT,
        key="not-the-secret-key",
    )
    assert content(f"/h5p/c/{forged}/").status_code == 403
    assert content(f"/h5p/c/{forged}/files/h5p.json").status_code == 403


def test_a_token_for_a_learner_not_enrolled_is_403(setup):
    outsider = content_token(
        user=UserFactory(), activity=setup["activity"], lesson=setup["lesson"]
    )
    assert content(f"/h5p/c/{outsider}/").status_code == 403
    assert content(f"/h5p/c/{outsider}/files/h5p.json").status_code == 403


def _unpublish_the_lesson(setup):
    LessonPage.objects.get(pk=setup["lesson"].pk).unpublish()


def _leave_the_course(setup):
    enrolment_leave(user=setup["learner"], course=setup["module"].get_parent().specific)


def _deactivate_the_learner(setup):
    setup["learner"].is_active = False
    setup["learner"].save()


def _publish_the_lesson_without_the_exercise(setup):
    lesson = LessonPage.objects.get(pk=setup["lesson"].pk)
    lesson.body = lesson_body(2)
    lesson.save_revision().publish()


# What a token was issued for, ended while the token (4 hours) is still valid.
ENDINGS = {
    "lesson unpublished": _unpublish_the_lesson,
    "learner left the course": _leave_the_course,
    "learner deactivated": _deactivate_the_learner,
    "exercise taken out of the lesson": _publish_the_lesson_without_the_exercise,
}


@pytest.mark.parametrize("ending", ENDINGS)
def test_the_player_and_files_stop_when_what_the_token_was_for_ends(setup, ending):
    player = f"/h5p/c/{setup['token']}/"
    file = f"/h5p/c/{setup['token']}/files/H5P.Hello-1.0/hello.js"
    assert content(player).status_code == 200
    assert content(file).status_code == 200
    ENDINGS[ending](setup)
    assert content(player).status_code == 403
    assert content(file).status_code == 403


@pytest.mark.parametrize("ending", ENDINGS)
def test_results_stop_when_what_the_token_was_for_ends(setup, client, ending):
    client.force_login(setup["learner"])
    ENDINGS[ending](setup)
    xapi = _post(client, "h5p:h5p_xapi", setup, {"statement": _statement()})
    state = _post(client, "h5p:h5p_state", setup, {"state": "{}"})
    # A deactivated learner's session no longer logs them in: sent to log in.
    assert {xapi.status_code, state.status_code} <= {302, 403}
    assert not XAPIStatement.objects.exists() and not H5PResult.objects.exists()


def test_each_request_checks_the_grant_in_four_queries(
    setup, django_assert_num_queries
):
    with django_assert_num_queries(4):
        assert playback_for(setup["token"]).user == setup["learner"]


def test_a_draft_without_the_exercise_changes_nothing_until_published(setup):
    lesson = LessonPage.objects.get(pk=setup["lesson"].pk)
    lesson.body = lesson_body(2)
    lesson.save_revision()
    assert content(f"/h5p/c/{setup['token']}/files/h5p.json").status_code == 200


@pytest.mark.parametrize(
    "path", ["../../settings.py", "H5P.Hello-1.0/../../x", "missing.js", "content"]
)
def test_paths_outside_the_package_are_404(setup, path):
    assert content(f"/h5p/c/{setup['token']}/files/{path}").status_code in (403, 404)


def test_the_lesson_frames_the_player_sandboxed_from_the_content_origin(setup, client):
    client.force_login(setup["learner"])
    lesson = setup["lesson"]
    html = client.get(lesson.url + "onderdeel/1/").content.decode()
    assert 'sandbox="allow-scripts allow-same-origin"' in html
    assert 'title="Oefening itsme"' in html
    assert f'src="http://{CONTENT_HOST}/h5p/c/' in html


def _statement(verb="answered", **extra) -> dict:
    statement = {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": "mailto:someone-else@example.be"},
        "verb": {"id": VERB + verb},
        "object": {"id": "http://h5p.localhost/h5p/1", "definition": {}},
        "result": {
            "score": {"raw": 1, "min": 0, "max": 1, "scaled": 1},
            "success": True,
        },
    }
    statement.update(extra)
    return statement


def _post(client, url_name, setup, body=None, raw=None):
    data = raw if raw is not None else json.dumps({"token": setup["token"], **body})
    return client.post(reverse(url_name), data=data, content_type="application/json")


def test_an_answered_statement_completes_the_activity_and_the_actor_is_ignored(
    setup, client
):
    client.force_login(setup["learner"])
    statement = _statement()
    response = _post(client, "h5p:h5p_xapi", setup, {"statement": statement})
    assert response.status_code == 200 and response.json()["done"]
    stored = XAPIStatement.objects.get()
    assert stored.user == setup["learner"]
    assert "someone-else" not in json.dumps(stored.raw)
    assert stored.raw["actor"]["account"]["name"] == str(setup["learner"].pk)
    result = H5PResult.objects.get()
    assert result.passed and result.score_raw == 1
    # The same statement again is kept once.
    _post(client, "h5p:h5p_xapi", setup, {"statement": statement})
    assert XAPIStatement.objects.count() == 1


def test_a_sub_question_does_not_complete_the_activity(setup, client):
    client.force_login(setup["learner"])
    sub = _statement(
        object={
            "id": "http://h5p.localhost/h5p/1?subContentId=abc",
            "definition": {
                "extensions": {"http://h5p.org/x-api/h5p-subContentId": "abc"}
            },
        }
    )
    _post(client, "h5p:h5p_xapi", setup, {"statement": sub})
    assert H5PResult.objects.get().completed_at is None
    _post(client, "h5p:h5p_xapi", setup, {"statement": _statement("attempted")})
    assert H5PResult.objects.get().completed_at is None


@pytest.mark.parametrize(
    "score",
    [
        {"raw": 5, "min": 0, "max": 1},
        {"raw": "1", "max": 1},
        {"scaled": 3},
        {"raw": 0, "min": 2, "max": 1},
    ],
)
def test_an_impossible_score_is_refused(setup, client, score):
    client.force_login(setup["learner"])
    statement = _statement(result={"score": score})
    response = _post(client, "h5p:h5p_xapi", setup, {"statement": statement})
    assert response.status_code == 400
    assert not XAPIStatement.objects.exists()


def test_invalid_json_oversized_bodies_and_foreign_tokens_are_refused(setup, client):
    client.force_login(setup["learner"])
    assert _post(client, "h5p:h5p_xapi", setup, raw="{not json").status_code == 400
    huge = json.dumps({"token": setup["token"], "statement": {"x": "a" * 70_000}})
    assert _post(client, "h5p:h5p_xapi", setup, raw=huge).status_code == 413
    client.force_login(UserFactory())  # someone else's token
    statement = _statement()
    assert (
        _post(client, "h5p:h5p_xapi", setup, {"statement": statement}).status_code
        == 403
    )
    assert not XAPIStatement.objects.exists()


def test_the_xapi_endpoint_enforces_csrf(setup):
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(setup["learner"])
    response = _post(client, "h5p:h5p_xapi", setup, {"statement": _statement()})
    assert response.status_code == 403
    assert not XAPIStatement.objects.exists()


def test_the_state_is_saved_and_handed_back_to_the_player(setup, client):
    client.force_login(setup["learner"])
    state = json.dumps({"answers": [1, 0, 1]})
    assert _post(client, "h5p:h5p_state", setup, {"state": state}).status_code == 200
    player = content(f"/h5p/c/{setup['token']}/").content.decode()
    config = player.split('id="h5p-config" type="application/json">')[1]
    assert json.loads(config.split("</script>")[0])["state"] == state
    too_big = {"state": "x" * 70_000}
    assert _post(client, "h5p:h5p_state", setup, too_big).status_code == 413


def test_a_section_with_a_required_exercise_is_done_only_once_it_is_done(setup, client):
    learner, lesson = setup["learner"], LessonPage.objects.get(pk=setup["lesson"].pk)
    for section_id in lesson.section_ids:
        section_progress_record(user=learner, lesson=lesson, section_id=section_id)
    state = module_state(setup["module"], learner)
    assert [s.done for s in state.lessons[0].sections] == [False, True]
    client.force_login(learner)
    _post(client, "h5p:h5p_xapi", setup, {"statement": _statement()})
    state = module_state(setup["module"], learner)
    assert [s.done for s in state.lessons[0].sections] == [True, True]
    assert state.lessons_complete


def test_a_pass_required_exercise_needs_a_pass(setup, client):
    activity = setup["activity"]
    activity.pass_required = True
    activity.save()
    client.force_login(setup["learner"])
    failed = _statement(
        "answered", result={"score": {"raw": 0, "max": 1}, "success": False}
    )
    response = _post(client, "h5p:h5p_xapi", setup, {"statement": failed})
    assert response.json() == {"completed": True, "done": False}


def test_a_done_exercise_completes_a_course_only_when_it_has_a_graded_test(
    setup, client
):
    learner, lesson = setup["learner"], LessonPage.objects.get(pk=setup["lesson"].pk)
    course = setup["module"].get_parent().specific
    for section_id in lesson.section_ids:
        section_progress_record(user=learner, lesson=lesson, section_id=section_id)
    client.force_login(learner)
    _post(client, "h5p:h5p_xapi", setup, {"statement": _statement()})
    # Everything is done, but the only graded evidence came from the browser.
    assert not CourseCompletion.objects.filter(user=learner, course=course).exists()

    # A course with a final evaluation: passed first, the exercise done last.
    graded = build_course(modules=1, lessons=0)
    _, final = make_test(course=graded, parent=graded, questions=2, question_count=2)
    exercise = H5PActivity.objects.create(
        title="Tweede oefening", package=setup["activity"].package
    )
    body = lesson_body(1)
    body[0]["value"]["content"].append(
        {"type": "h5p", "id": str(uuid.uuid4()), "value": exercise.pk}
    )
    module = ModulePage.objects.child_of(graded).get()
    graded_lesson = LessonPageFactory(parent=module, body=body)
    enrolment_create(user=learner, course=graded)
    for section_id in graded_lesson.section_ids:
        section_progress_record(
            user=learner, lesson=graded_lesson, section_id=section_id
        )
    attempt = attempt_start(user=learner, test=final)
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )
    assert not CourseCompletion.objects.filter(user=learner, course=graded).exists()
    token = content_token(user=learner, activity=exercise, lesson=graded_lesson)
    client.post(
        reverse("h5p:h5p_xapi"),
        data=json.dumps({"token": token, "statement": _statement()}),
        content_type="application/json",
    )
    assert CourseCompletion.objects.filter(user=learner, course=graded).exists()
