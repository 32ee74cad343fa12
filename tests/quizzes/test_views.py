"""Taking a test through the pages: nothing secret reaches the browser, tampering is
refused, other people's attempts are 404, the review follows the policy."""

import json
import re

import pytest
from django.test import Client

from courses.services import enrolment_create
from quizzes.grading import right_response
from quizzes.models import Attempt
from quizzes.services import attempt_start, attempt_submit
from tests.factories import QuestionFactory, UserFactory
from tests.factories.quizzes import form_data, make_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    course, test = make_test(questions=8, question_count=8, max_attempts=2)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    client.force_login(user)
    return user, test


def url(test, name="", **kwargs):
    return test.url + (test.reverse_subpage(name, kwargs=kwargs) if name else "")


def right_form(attempt):
    return form_data(attempt, {str(q["slot"]): right_response(q) for q in attempt.draw})


def test_start_needs_a_post_and_opens_the_attempt(client, setup):
    user, test = setup
    assert client.get(url(test, "start")).status_code == 405
    response = client.post(url(test, "start"))
    attempt = Attempt.objects.get(user=user)
    assert response["Location"] == url(test, "attempt", attempt_id=attempt.pk)


def test_start_is_protected_by_csrf(setup):
    user, test = setup
    strict = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(url(test, "start")).status_code == 403
    assert not Attempt.objects.exists()


def test_the_attempt_page_holds_no_right_answers_weights_or_feedback(client, setup):
    user, test = setup
    attempt = attempt_start(user=user, test=test)
    html = client.get(url(test, "attempt", attempt_id=attempt.pk)).content.decode()
    for q in attempt.draw:
        assert f'name="q{q["slot"]}' in html
        assert "Zo zit het." not in html  # general feedback
        for option in q.get("options", []):
            assert f"Over {option['text']}" not in html  # per-answer feedback
        if q["type"] == "ordering":
            slot = q["slot"]
            shown = re.findall(rf'<label for="q{slot}-(\w+)"', html)
            assert shown != q["correct_order"]
        if q["type"] in ("shortanswer", "numerical"):
            slot = q["slot"]
            typed = re.search(rf'name="q{slot}" value="([^"]*)"', html)
            assert typed.group(1) == ""  # the accepted answers are not pre-filled
    assert (
        "fraction" not in html and "match_key" not in html and "right_key" not in html
    )


def test_someone_elses_attempt_is_404(client, setup):
    _, test = setup
    other = UserFactory()
    enrolment_create(user=other, course=test.get_parent().get_parent().specific)
    theirs = attempt_start(user=other, test=test)
    for name in ("attempt", "result"):
        assert client.get(url(test, name, attempt_id=theirs.pk)).status_code == 404
    assert client.post(url(test, "autosave", attempt_id=theirs.pk)).status_code == 404
    assert (
        client.post(
            url(test, "attempt", attempt_id=theirs.pk), {"submit": "1"}
        ).status_code
        == 404
    )
    assert Attempt.objects.get(pk=theirs.pk).is_open


def test_autosave_stores_answers_without_grading(client, setup):
    user, test = setup
    attempt = attempt_start(user=user, test=test)
    response = client.post(
        url(test, "autosave", attempt_id=attempt.pk), right_form(attempt)
    )
    assert response.status_code == 200
    assert json.loads(response.content)["saved"] is True
    attempt.refresh_from_db()
    assert attempt.is_open and len(attempt.responses) == 8


def test_a_tampered_post_is_refused_and_changes_nothing(client, setup):
    user, test = setup
    attempt = attempt_start(user=user, test=test)
    single = next(q for q in attempt.draw if q["type"] == "single")
    data = {f"q{single['slot']}": "not-offered", "submit": "1"}
    response = client.post(url(test, "attempt", attempt_id=attempt.pk), data)
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.responses == {}
    autosave = client.post(url(test, "autosave", attempt_id=attempt.pk), data)
    assert autosave.status_code == 400


def test_answers_to_questions_not_drawn_are_ignored(client, setup):
    user, test = setup
    attempt = attempt_start(user=user, test=test)
    data = {**right_form(attempt), "q99": "x", "submit": "1"}
    client.post(url(test, "attempt", attempt_id=attempt.pk), data)
    attempt.refresh_from_db()
    assert "99" not in attempt.responses
    assert attempt.percent == 100


def test_submitting_twice_grades_once_and_shows_the_result(client, setup):
    user, test = setup
    attempt = attempt_start(user=user, test=test)
    first = client.post(
        url(test, "attempt", attempt_id=attempt.pk),
        {**right_form(attempt), "submit": "1"},
    )
    assert first["Location"] == url(test, "result", attempt_id=attempt.pk)
    replay = client.post(url(test, "attempt", attempt_id=attempt.pk), {"submit": "1"})
    assert replay.status_code == 302
    attempt.refresh_from_db()
    assert attempt.percent == 100
    html = client.get(url(test, "result", attempt_id=attempt.pk)).content.decode()
    assert "100%" in html


def test_a_closed_attempt_cannot_be_answered_again(client, setup):
    user, test = setup
    attempt = attempt_start(user=user, test=test)
    attempt_submit(attempt=attempt, responses={})
    response = client.post(
        url(test, "autosave", attempt_id=attempt.pk), right_form(attempt)
    )
    assert response.status_code == 409
    attempt.refresh_from_db()
    assert attempt.percent == 0


def test_review_right_after_a_failed_attempt_hides_the_correct_answers(client, setup):
    user, test = setup
    attempt = attempt_start(user=user, test=test)
    attempt_submit(attempt=attempt, responses={})
    html = client.get(url(test, "result", attempt_id=attempt.pk)).content.decode()
    assert "Juist" not in html  # the right option's text is not named
    assert "Zo zit het." in html  # feedback is allowed by the default policy


def test_review_once_passed_shows_the_correct_answers(client, setup):
    user, test = setup
    attempt = attempt_start(user=user, test=test)
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )
    html = client.get(url(test, "result", attempt_id=attempt.pk)).content.decode()
    assert "Juist" in html


def test_overview_lists_the_attempts(client, setup):
    user, test = setup
    attempt_submit(attempt=attempt_start(user=user, test=test), responses={})
    html = client.get(test.url).content.decode()
    assert url(test, "result", attempt_id=Attempt.objects.get().pk) in html


def test_tests_need_login_and_enrolment(setup):
    _, test = setup
    anonymous = Client(HTTP_HOST="localhost")
    assert anonymous.get(test.url)["Location"].startswith("/account/login/")
    stranger = Client(HTTP_HOST="localhost")
    stranger.force_login(UserFactory())
    assert stranger.post(url(test, "start")).status_code == 302
    assert not Attempt.objects.exists()


def test_coming_back_after_the_time_ran_out_shows_the_graded_result(client, setup):
    from datetime import timedelta

    from django.utils import timezone

    user, test = setup
    attempt = attempt_start(user=user, test=test)
    client.post(url(test, "autosave", attempt_id=attempt.pk), right_form(attempt))
    Attempt.objects.update(deadline=timezone.now() - timedelta(minutes=5))
    response = client.get(url(test, "attempt", attempt_id=attempt.pk))
    assert response["Location"] == url(test, "result", attempt_id=attempt.pk)
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.percent == 100


def page_text(html: str) -> str:
    """The page's words without tags, white space folded: what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" :", ":")


def test_the_review_says_true_and_false_in_words_in_the_pages_language(client):
    course, test = make_test(
        questions=0, question_count=1, review_attempt_correct_answers=True
    )
    QuestionFactory(bank=test.bank, type="truefalse")
    user = UserFactory()
    enrolment_create(user=user, course=course)
    client.force_login(user)
    attempt = attempt_start(user=user, test=test)
    (question,) = attempt.draw
    false = next(o["key"] for o in question["options"] if o["text"] == "false")
    attempt_submit(
        attempt=attempt, responses={str(question["slot"]): {"choice": false}}
    )
    result = url(test, "result", attempt_id=attempt.pk)

    text = page_text(client.get(result).content.decode())
    assert "Je antwoord: Niet waar" in text
    assert "Het juiste antwoord: Waar" in text

    # The same page read in French (the test page has no translation: its Dutch
    # content, with the interface in French).
    text = page_text(client.get(result.replace("/nl/", "/fr/", 1)).content.decode())
    assert "Votre réponse: Faux" in text
    assert "La réponse correcte: Vrai" in text
