"""Grading rules, with property-based tests: a score stays within 0..1 whatever is sent,
a fully right response earns everything, and order does not matter where it should not."""

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.drawing import draw_question
from quizzes.grading import grade, normalise_text, parse_number, right_response
from quizzes.models import Answer
from quizzes.types import TYPES
from tests.factories import QuestionFactory
from tests.factories.quizzes import ANSWERS

ALL_TYPES = sorted(ANSWERS)


def drawn(kind: str, **overrides) -> dict:
    """A drawn question built in memory (grading needs no database)."""
    question = QuestionFactory.build(type=kind, **overrides)
    question.answers = [
        Answer(text=text, fraction=fraction, **extra)
        for text, fraction, extra in ANSWERS.get(kind, [])
    ]
    return draw_question(question, slot=1, shuffle_answers=True, rng=random.Random(1))


@pytest.fixture(scope="module")
def questions():
    made = {kind: drawn(kind) for kind in ALL_TYPES}
    made["typed gaps"] = drawn("gaps", gap_mode="typed")
    made["cloze"] = drawn("cloze")
    return made


@pytest.mark.parametrize("kind", [*ALL_TYPES, "typed gaps", "cloze"])
def test_a_fully_right_response_earns_the_whole_mark(questions, kind):
    q = questions[kind]
    response = (
        right_response(q)
        if kind != "typed gaps"
        else {"gaps": {"1": "ITSME", "2": "pincode"}}
    )
    assert grade(q, response) == 1


@pytest.mark.parametrize("kind", [*ALL_TYPES, "typed gaps", "cloze"])
def test_no_response_earns_nothing(questions, kind):
    assert grade(questions[kind], None) == 0
    assert grade(questions[kind], {}) == 0


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=10,
)


@pytest.mark.parametrize("kind", [*ALL_TYPES, "typed gaps", "cloze"])
@given(
    response=st.dictionaries(
        st.sampled_from(["choice", "choices", "pairs", "order", "text", "gaps"]),
        junk,
        max_size=3,
    )
)
def test_any_response_scores_between_zero_and_one(questions, kind, response):
    q = questions[kind]
    try:
        earned = grade(q, response)
    except (TypeError, AttributeError, ValueError):
        # Junk of the wrong shape may be refused; the form parser never produces it.
        return
    assert 0 <= earned <= 1


@given(data=st.data())
def test_multiple_response_never_goes_below_zero_and_ignores_order(questions, data):
    q = questions["multiple"]
    keys = [o["key"] for o in q["options"]]
    picked = data.draw(st.lists(st.sampled_from(keys), unique=True))
    earned = grade(q, {"choices": picked})
    assert 0 <= earned <= 1
    assert grade(q, {"choices": list(reversed(picked))}) == earned


@given(data=st.data())
def test_matching_partial_credit_is_the_share_of_right_pairs(questions, data):
    q = questions["matching"]
    choices = [c["key"] for c in q["choices"]]
    pairs = {o["key"]: data.draw(st.sampled_from(choices)) for o in q["options"]}
    right = sum(pairs[o["key"]] == o["match_key"] for o in q["options"])
    assert grade(q, {"pairs": pairs}) == (Decimal(right) / len(q["options"])).quantize(
        Decimal("0.0001")
    )
    shuffled = dict(reversed(list(pairs.items())))
    assert grade(q, {"pairs": shuffled}) == grade(q, {"pairs": pairs})


@given(order=st.permutations(range(4)))
def test_ordering_scores_items_in_their_place(questions, order):
    q = questions["ordering"]
    keys = [q["correct_order"][i] for i in order]
    in_place = sum(1 for position, i in enumerate(order) if i == position)
    assert grade(q, {"order": keys}) == Decimal(in_place) / 4


def test_single_choice_scores_the_picked_weight(questions):
    q = questions["single"]
    wrong = next(o for o in q["options"] if Decimal(o["fraction"]) == 0)
    assert grade(q, {"choice": wrong["key"]}) == 0
    assert grade(q, {"choice": "not-an-option"}) == 0


def test_three_thirds_make_a_whole():
    q = {
        "type": "multiple",
        "options": [
            {"key": k, "fraction": f}
            for k, f in (
                ("a", "33.33333"),
                ("b", "33.33333"),
                ("c", "33.33333"),
                ("d", "-50"),
            )
        ],
    }
    assert grade(q, {"choices": ["a", "b", "c"]}) == 1
    assert grade(q, {"choices": ["a", "b", "c", "d"]}) == Decimal("0.5")


def test_short_answers_ignore_case_and_accept_wildcards(questions):
    q = questions["shortanswer"]
    assert grade(q, {"text": "  ITSME "}) == 1
    assert grade(q, {"text": "itsmee"}) == Decimal("0.5")  # its* is worth half
    assert grade(q, {"text": "csam"}) == 0


def test_case_and_accents_count_only_when_the_author_says_so():
    q = {
        "type": "shortanswer",
        "case_sensitive": True,
        "ignore_accents": True,
        "options": [{"key": "a", "text": "Één", "fraction": "100"}],
    }
    assert grade(q, {"text": "Een"}) == 1
    assert grade(q, {"text": "een"}) == 0


def test_numbers_accept_a_decimal_comma_and_a_tolerance():
    q = {
        "type": "numerical",
        "options": [{"key": "a", "text": "3.5", "fraction": "100", "tolerance": "0.1"}],
    }
    assert grade(q, {"text": "3,45"}) == 1
    assert grade(q, {"text": "3.7"}) == 0
    assert grade(q, {"text": "drie"}) == 0
    assert parse_number("1 000,5") == Decimal("1000.5")
    assert parse_number("NaN") is None


def test_a_huge_typed_number_is_wrong_not_an_error():
    q = {
        "type": "numerical",
        "options": [{"key": "a", "text": "3.5", "fraction": "100", "tolerance": "0.1"}],
    }
    # Subtracting the right answer from 1e999999999 overflowed: the submit was a 500.
    for typed in ("1e999999999", "-1e999999999", "1e-999999999"):
        assert grade(q, {"text": typed}) == 0
    assert parse_number("1e100") == Decimal("1e100")


def test_typed_answers_get_the_feedback_of_the_answer_they_matched():
    q = {
        "type": "numerical",
        "options": [
            {"key": "a", "text": "3.5", "fraction": "100", "tolerance": "0.1",
             "feedback": "Goed"},
            {"key": "b", "text": "3", "fraction": "50", "tolerance": "0",
             "feedback": "Bijna"},
            {"key": "c", "text": "*", "fraction": "0", "feedback": "Nee"},
        ],
    }  # fmt: skip
    assert TYPES["numerical"].option_feedback(q, {"text": "3,45"}) == ["Goed"]
    assert TYPES["numerical"].option_feedback(q, {"text": "3"}) == ["Bijna"]
    # Moodle's "*" catches every other answer, never a better one.
    assert TYPES["numerical"].option_feedback(q, {"text": "zes"}) == ["Nee"]
    assert grade(q, {"text": "zes"}) == 0


def test_typed_gaps_grade_each_gap(questions):
    q = questions["typed gaps"]
    assert grade(q, {"gaps": {"1": "itsme", "2": "fout"}}) == Decimal("0.5")


def test_normalise_text_folds_white_space():
    assert (
        normalise_text(" a \n b ", case_sensitive=True, ignore_accents=False) == "a b"
    )
