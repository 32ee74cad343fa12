"""Query budgets of an attempt: starting, autosaving and submitting cost the same number
of queries for 5 or 30 questions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrolment_create
from quizzes.grading import right_response
from quizzes.models import Attempt
from tests.factories import QuestionFactory, UserFactory
from tests.factories.quizzes import form_data, make_test

pytestmark = pytest.mark.django_db

BUDGETS = {"start": 30, "page": 25, "autosave": 25, "submit": 40}


def counts_for(client, questions: int, kind: str | None = None) -> dict[str, int]:
    """The queries of each step of an attempt at `questions` questions (of the
    factories' mixed types, or all of `kind`)."""
    if kind is None:
        course, test = make_test(questions=questions, question_count=questions)
    else:
        course, test = make_test(questions=0, question_count=questions)
        for _ in range(questions):
            QuestionFactory(bank=test.bank, type=kind)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    client.force_login(user)
    client.get(test.url)  # warm Wagtail's site cache
    counts = {}
    with CaptureQueriesContext(connection) as start:
        client.post(test.url + "starten/")
    counts["start"] = len(start)
    attempt = Attempt.objects.get(user=user)
    url = test.url + f"poging/{attempt.pk}/"
    data = form_data(attempt, {str(q["slot"]): right_response(q) for q in attempt.draw})
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    counts["page"] = len(page)
    with CaptureQueriesContext(connection) as autosave:
        assert client.post(url + "opslaan/", data).status_code == 200
    counts["autosave"] = len(autosave)
    with CaptureQueriesContext(connection) as submit:
        assert client.post(url, {**data, "submit": "1"}).status_code == 302
    counts["submit"] = len(submit)
    assert Attempt.objects.get(pk=attempt.pk).percent == 100
    with CaptureQueriesContext(connection) as result:
        assert client.get(url + "resultaat/").status_code in (200, 404)
    counts["result"] = len(result)
    return counts


def test_attempt_queries_do_not_grow_with_the_number_of_questions(client):
    few, many = counts_for(client, 5), counts_for(client, 30)
    assert few == many, f"5 questions: {few}; 30 questions: {many}"
    for step, budget in BUDGETS.items():
        assert many[step] <= budget, f"{step}: {many[step]} queries > {budget}"


def test_cloze_attempt_queries_do_not_grow_with_the_number_of_questions(client):
    few, many = counts_for(client, 3, "cloze"), counts_for(client, 12, "cloze")
    assert few == many, f"3 questions: {few}; 12 questions: {many}"
