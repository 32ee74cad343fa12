"""Answers in words, for every question type: the review and the learner's data export
say "Waar"/"Vrai", never the stored "true"."""

import io
import json
import random
import zipfile

import pytest
from django.utils import translation

from courses.services import enrolment_create
from privacy.services import data_export_write
from quizzes.drawing import draw_question, public_question
from quizzes.grading import right_response
from quizzes.models import Answer
from quizzes.services import attempt_start, attempt_submit
from quizzes.wording import answer_html, answer_text, correct_answer_html
from tests.factories import QuestionFactory, UserFactory
from tests.factories.quizzes import ANSWERS, make_test


def drawn(kind: str, **overrides) -> dict:
    """A drawn question in memory, answers in the order the factory gives them."""
    question = QuestionFactory.build(type=kind, **overrides)
    question.answers = [
        Answer(text=text, fraction=fraction, **extra)
        for text, fraction, extra in ANSWERS.get(kind, [])
    ]
    return draw_question(question, slot=1, shuffle_answers=False, rng=random.Random(1))


def key_of(question: dict, text: str) -> str:
    return next(o["key"] for o in question["options"] if o["text"] == text)


@pytest.mark.parametrize(
    ("kind", "right"),
    [
        ("single", "Juist"),
        ("truefalse", "Waar"),
        ("multiple", "A; B"),
        ("matching", "CSAM → aanmelden; MyPension → pensioen; MyMinfin → belastingen"),
        ("ordering", "Eerst → Dan → Daarna → Laatst"),
        ("shortanswer", "itsme"),
        ("numerical", "5"),
        ("gaps", "[1] itsme; [2] pincode"),
        ("cloze", "[1] itsme; [2] CSAM; [3] 5"),
    ],
)
def test_every_type_has_its_right_answer_in_words(kind, right):
    question = drawn(kind)
    with translation.override("nl"):
        assert answer_text(question, right_response(question)) == right
        assert correct_answer_html(question) == right


def test_true_and_false_are_words_in_the_active_language():
    question = drawn("truefalse")
    false = {"choice": key_of(question, "false")}
    for language, yes, no in (("nl", "Waar", "Niet waar"), ("fr", "Vrai", "Faux")):
        with translation.override(language):
            assert answer_text(question, false) == no
            assert correct_answer_html(question) == yes
            labels = [o["label"] for o in public_question(question)["options"]]
            assert labels == [yes, no]


def test_typed_gaps_and_an_empty_gap_keep_their_numbers():
    question = drawn("gaps", gap_mode="typed")
    assert answer_text(question, {"gaps": {"2": "pincode"}}) == "[1] …; [2] pincode"
    assert answer_text(question, None) == ""


def test_typed_text_is_escaped_in_markup_and_plain_in_files():
    question = drawn("shortanswer")
    typed = {"text": '<script>alert("x")</script>'}
    assert "<script>" not in answer_html(question, typed)
    assert answer_text(question, typed) == '<script>alert("x")</script>'


def test_author_markup_stays_in_markup_and_goes_from_files():
    question = drawn("single")
    question["options"][0]["text"] = "H<sub>2</sub>O"
    chosen = {"choice": question["options"][0]["key"]}
    assert answer_html(question, chosen) == "H<sub>2</sub>O"
    assert answer_text(question, chosen) == "H2O"


@pytest.mark.django_db
def test_the_data_export_gives_each_answer_in_words_in_the_persons_language():
    course, test = make_test(questions=0, question_count=1)
    QuestionFactory(bank=test.bank, type="truefalse")
    learner = UserFactory(preferred_language="fr")
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, test=test)
    (question,) = attempt.draw
    attempt_submit(
        attempt=attempt,
        responses={str(question["slot"]): {"choice": key_of(question, "false")}},
    )
    target = io.BytesIO()
    data_export_write(user=learner, target=target)
    with zipfile.ZipFile(target) as archive:
        (exported,) = json.loads(archive.read("test_attempts.json"))
    (seen,) = exported["questions"]
    assert seen["your_answer"] == "Faux"
    assert [o["label"] for o in seen["options"]] == ["Vrai", "Faux"]
    assert "fraction" not in json.dumps(seen)  # still nothing that gives answers away


@pytest.mark.django_db
def test_the_data_export_gives_a_cloze_question_without_its_answers():
    course, test = make_test(questions=0, question_count=1)
    QuestionFactory(bank=test.bank, type="cloze")
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, test=test)
    (question,) = attempt.draw
    attempt_submit(
        attempt=attempt,
        responses={"1": {"gaps": {"1": {"text": "its me"}, "3": {"text": "4"}}}},
    )
    target = io.BytesIO()
    data_export_write(user=learner, target=target)
    with zipfile.ZipFile(target) as archive:
        (exported,) = json.loads(archive.read("test_attempts.json"))
    (seen,) = exported["questions"]
    assert seen["your_answer"] == "[1] its me; [2] …; [3] 4"
    assert "[1] ____" in seen["stem"]
    for secret in ("itsme", "Juist", "Bijna", "fraction", "SHORTANSWER"):
        assert secret not in json.dumps(seen)
