"""SCORM playback: the launcher and files only on the content origin and only with a
valid token, and the site's launch and commit endpoints (the learner's own attempt,
CSRF, limits, checked values, data kept and given back)."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from courses.services import enrolment_create, enrolment_leave
from scorm.models import ScormAttempt
from scorm.selectors import content_token, launch_href
from tests.factories import ModulePageFactory, UserFactory
from tests.factories.scorm import (
    lesson_with_scorm,
    scorm12_package,
    scorm2004_package,
    scorm_activity,
)

pytestmark = pytest.mark.django_db

CONTENT_HOST = "h5p.localhost"


@pytest.fixture
def setup():
    activity = scorm_activity(scorm12_package(), title="Veilig online")
    module = ModulePageFactory()
    lesson = lesson_with_scorm(module, activity)
    learner = UserFactory()
    enrolment_create(user=learner, course=module.get_parent().specific)
    token = content_token(user=learner, activity=activity, lesson=lesson)
    attempt = ScormAttempt.objects.create(user=learner, activity=activity)
    return {
        "activity": activity,
        "lesson": lesson,
        "module": module,
        "learner": learner,
        "token": token,
        "attempt": attempt,
    }


def content(path: str):
    return Client(HTTP_HOST=CONTENT_HOST).get(path)


def test_the_launcher_and_files_answer_on_the_content_origin_only(setup, client):
    token = setup["token"]
    launcher = f"/scorm/c/{token}/1/"
    file = f"/scorm/c/{token}/files/veilig/index.html"
    runtime = "/scorm/runtime/cross-frame-api.min.js"
    for path in (launcher, file, runtime):
        assert content(path).status_code == 200
        assert client.get(path).status_code == 404  # never on the site
    page = content(launcher)
    assert f"/scorm/c/{token}/files/veilig/index.html" in page.content.decode()
    site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f"frame-ancestors {site} 'self'" in page["Content-Security-Policy"]
    assert content(file)["Content-Type"].startswith("text/html")
    assert content(f"/scorm/c/{token}/2/").status_code == 404  # one SCO only


def test_a_forged_or_stale_token_gets_nothing(setup):
    token = setup["token"]
    assert content(f"/scorm/c/{token}x/1/").status_code == 403
    assert content(f"/scorm/c/{token}x/files/veilig/index.html").status_code == 403
    enrolment_leave(user=setup["learner"], course=setup["module"].get_parent().specific)
    assert content(f"/scorm/c/{token}/1/").status_code == 403


def test_paths_outside_the_package_are_not_served(setup):
    token = setup["token"]
    assert content(f"/scorm/c/{token}/files/../../secret").status_code == 404
    assert content(f"/scorm/c/{token}/files/nothing.html").status_code == 404


def _post(client, url, token, body, **extra):
    return client.post(
        url,
        data=json.dumps(body) if not isinstance(body, bytes) else body,
        content_type="application/json",
        HTTP_X_SCORM_TOKEN=token,
        **extra,
    )


def test_a_commit_is_kept_and_given_back_on_the_next_launch(setup, client):
    client.force_login(setup["learner"])
    attempt, token = setup["attempt"], setup["token"]
    commit = reverse("scorm:commit", args=[attempt.pk, 1])
    response = _post(client, commit, token, {"cmi": {
        "cmi.core.lesson_location": "1", "cmi.suspend_data": '{"answers":[0]}',
        "cmi.core.exit": "suspend", "cmi.core.lesson_status": "incomplete",
        "cmi.core.student_name": "not stored",
    }})  # fmt: skip
    assert response.status_code == 200
    assert response.json() == {"result": True, "errorCode": 0, "completed": False,
                               "done": False}  # fmt: skip
    # Another PC: a new session, the same account.
    other = Client()
    other.force_login(setup["learner"])
    launch = _post(other, reverse("scorm:launch", args=[attempt.pk, 1]), token, {})
    cmi = launch.json()["cmi"]
    assert cmi["cmi.core.lesson_location"] == "1"
    assert cmi["cmi.suspend_data"] == '{"answers":[0]}'
    assert cmi["cmi.core.entry"] == "resume"
    attempt.refresh_from_db()
    assert attempt.current_sco == "item-veilig"


def test_someone_elses_attempt_is_not_found(setup, client):
    other = UserFactory()
    enrolment_create(user=other, course=setup["module"].get_parent().specific)
    client.force_login(other)
    attempt = setup["attempt"]
    own_token = content_token(
        user=other, activity=setup["activity"], lesson=setup["lesson"]
    )
    for name in ("scorm:commit", "scorm:launch"):
        url = reverse(name, args=[attempt.pk, 1])
        assert _post(client, url, own_token, {"cmi": {}}).status_code == 404
        assert _post(client, url, setup["token"], {"cmi": {}}).status_code == 404
    assert not attempt.scos.exists()


def test_the_token_must_be_the_learners_and_still_hold(setup, client):
    client.force_login(setup["learner"])
    url = reverse("scorm:commit", args=[setup["attempt"].pk, 1])
    assert _post(client, url, "", {"cmi": {}}).status_code == 403
    assert _post(client, url, setup["token"] + "x", {"cmi": {}}).status_code == 403
    enrolment_leave(user=setup["learner"], course=setup["module"].get_parent().specific)
    assert _post(client, url, setup["token"], {"cmi": {}}).status_code == 403


def test_commits_need_the_csrf_token(setup):
    client = Client(enforce_csrf_checks=True)
    client.force_login(setup["learner"])
    url = reverse("scorm:commit", args=[setup["attempt"].pk, 1])
    assert _post(client, url, setup["token"], {"cmi": {}}).status_code == 403
    assert not setup["attempt"].scos.exists()


def test_bad_values_and_large_bodies_are_refused(setup, client):
    client.force_login(setup["learner"])
    url = reverse("scorm:commit", args=[setup["attempt"].pk, 1])
    token = setup["token"]
    refused = _post(client, url, token, {"cmi": {"cmi.core.lesson_status": "done"}})
    assert refused.status_code == 400
    assert refused.json()["result"] is False
    assert _post(client, url, token, b"not json").status_code == 400
    huge = {"cmi": {"cmi.suspend_data": "x" * (600 * 1024)}}
    assert _post(client, url, token, huge).status_code == 413
    assert not setup["attempt"].scos.exists()


def test_logged_out_visitors_are_sent_to_log_in(setup):
    url = reverse("scorm:commit", args=[setup["attempt"].pk, 1])
    response = _post(Client(), url, setup["token"], {"cmi": {}})
    assert response.status_code == 302


def test_the_lesson_shows_the_activity_frame_to_an_enrolled_learner(setup, client):
    client.force_login(setup["learner"])
    page = client.get(setup["lesson"].url, follow=True)
    html = page.content.decode()
    assert 'class="scorm-activity__frame"' in html
    assert 'sandbox="allow-scripts allow-same-origin allow-forms"' in html
    assert (
        f'data-commit-url="/scorm/attempts/{setup["attempt"].pk}/scos/0/commit/"'
        in html
    )
    stranger = Client()
    stranger.force_login(UserFactory())
    html = stranger.get(setup["lesson"].url, follow=True).content.decode()
    assert "scorm-activity__frame" not in html


def test_an_asset_is_completed_by_being_opened(client):
    """An item whose resource is an asset, not a SCO, never calls the API: the
    package's rule that every item be completed would never hold otherwise."""
    activity = scorm_activity(scorm2004_package())
    package = activity.package
    package.manifest["scos"] = [dict(sco, asset=True) for sco in package.scos]
    package.save()
    module = ModulePageFactory()
    lesson = lesson_with_scorm(module, activity)
    learner = UserFactory()
    enrolment_create(user=learner, course=module.get_parent().specific)
    attempt = ScormAttempt.objects.create(user=learner, activity=activity)
    token = content_token(user=learner, activity=activity, lesson=lesson)
    client.force_login(learner)
    for number in (1, 2, 3):
        response = _post(
            client, reverse("scorm:launch", args=[attempt.pk, number]), token, {}
        )
        assert response.json()["completed"] is True
    assert response.json()["done"] is True
    assert 'data-asset="1"' in content(f"/scorm/c/{token}/1/").content.decode()


@pytest.mark.parametrize(
    ("href", "parameters", "launched"),
    [
        ("index.html", "", "index.html"),
        ("index.html", "?page=2", "index.html?page=2"),
        ("index.html?lang=nl", "&page=2", "index.html?lang=nl&page=2"),
        ("index.html?lang=nl", "page=2", "index.html?lang=nl&page=2"),
        ("index.html", "#start", "index.html#start"),
    ],
)
def test_the_items_parameters_are_added_to_the_launch_page(href, parameters, launched):
    assert launch_href({"href": href, "parameters": parameters}) == launched
