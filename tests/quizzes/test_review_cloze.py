"""Review of the cloze question type: query budgets of an attempt with many cloze
questions, and grading edge cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrolment_create
from quizzes.grading import right_response
from quizzes.models import Attempt
from tests.factories import QuestionFactory, UserFactory
from tests.factories.quizzes import form_data, make_test

pytestmark = pytest.mark.django_db


def cloze_counts(client, questions: int) -> dict[str, int]:
    course, test = make_test(questions=0, question_count=questions)
    for _ in range(questions):
        QuestionFactory(bank=test.bank, type="cloze")
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
    with CaptureQueriesContext(connection) as submit:
        assert client.post(url, {**data, "submit": "1"}).status_code == 302
    counts["submit"] = len(submit)
    with CaptureQueriesContext(connection) as result:
        assert client.get(url + "resultaat/").status_code in (200, 404)
    counts["result"] = len(result)
    return counts


def test_cloze_attempt_queries_do_not_grow_with_the_number_of_questions(client):
    few, many = cloze_counts(client, 3), cloze_counts(client, 12)
    assert few == many, f"3 questions: {few}; 12 questions: {many}"
