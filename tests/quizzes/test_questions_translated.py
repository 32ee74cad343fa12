"""Questions in French: an attempt started in French draws the same source questions
and shows each in French where it has a translation (in Dutch where not); grading
and the reports do not depend on the language."""

from copy import deepcopy

import pytest

from courses.services import enrolment_create
from languages.services import translation_publish
from quizzes.grading import right_response
from quizzes.models import Question
from quizzes.services import attempt_start, attempt_submit
from tests.factories import QuestionFactory, UserFactory
from tests.factories.quizzes import make_test

pytestmark = pytest.mark.django_db


def in_french(question: Question) -> Question:
    """Translated as a translator does in wagtail-localize."""
    copy = deepcopy(question)
    copy.stem = "<p>Quelle est la bonne réponse ?</p>"
    copy.answers = [
        deepcopy(answer) for answer in question.answers.all().order_by("sort_order")
    ]
    for answer in copy.answers.all():
        answer.text = f"FR {answer.text}"
    return translation_publish(question, "fr", copy)


def test_an_attempt_in_french_shows_translated_questions_and_grades_the_same():
    course, test = make_test(questions=0, question_count=2, shuffle_questions=False)
    translated, untranslated = (
        QuestionFactory(bank=test.bank, type="single") for _ in range(2)
    )
    french = in_french(translated)
    assert french.locale.language_code == "fr"
    assert [a.fraction for a in french.answers.all()] == [
        a.fraction for a in translated.answers.all()
    ]
    learner = UserFactory()
    enrolment_create(user=learner, course=course)

    attempt = attempt_start(user=learner, test=test, language="fr")
    first, second = attempt.draw
    assert first["stem"] == "<p>Quelle est la bonne réponse ?</p>"
    assert {o["text"] for o in first["options"]} == {
        f"FR {a.text}" for a in translated.answers.all()
    }
    assert second["stem"] == untranslated.stem  # no translation: Dutch
    # Counted on the source questions, whatever the language.
    assert [q["question_id"] for q in attempt.draw] == [translated.pk, untranslated.pk]
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )
    attempt.refresh_from_db()
    assert attempt.passed


def test_a_dutch_attempt_never_draws_the_translations():
    course, test = make_test(questions=3, question_count=3)
    for question in Question.objects.filter(bank=test.bank):
        in_french(question)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, test=test)
    assert len(attempt.draw) == 3
    assert {q["question_id"] for q in attempt.draw} == set(
        Question.objects.filter(bank=test.bank, locale__language_code="nl").values_list(
            "pk", flat=True
        )
    )
    assert not any("Quelle" in q["stem"] for q in attempt.draw)
