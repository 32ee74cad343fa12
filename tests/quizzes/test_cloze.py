"""Cloze questions (Moodle's embedded answers): the syntax as Moodle reads it, and the
type drawn, read from a form, graded, answered right and worded."""

import random
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import translation

from quizzes.drawing import (
    InvalidResponse,
    draw_question,
    public_question,
    response_from_post,
    review_question,
)
from quizzes.formats.cloze import ClozeError, cloze_problem, parse_cloze
from quizzes.grading import grade, right_response
from quizzes.models import Question
from quizzes.wording import answer_text, correct_answer_html

STEM = (
    "<p>De hoofdstad is {1:SHORTANSWER:=Brussel#Juist~%50%Brussels#Bijna}. "
    "Kies: {2:MULTICHOICE:Gent#Nee~=Brussel#Ja}. "
    "Tel: {1:NUMERICAL:=12:0.5#Goed~%50%10:1#Bijna}.</p>"
)


# --- the syntax --------------------------------------------------------------


def test_a_stem_is_read_into_its_text_and_gaps():
    cloze = parse_cloze(STEM)
    assert cloze.texts == ("<p>De hoofdstad is ", ". Kies: ", ". Tel: ", ".</p>")
    short, choice, number = cloze.gaps
    assert [g.number for g in cloze.gaps] == [1, 2, 3]
    assert [g.weight for g in cloze.gaps] == [1, 2, 1] and cloze.total_weight == 4
    assert (short.kind, short.case_sensitive) == ("shortanswer", False)
    assert [(a.text, a.fraction, a.feedback) for a in short.answers] == [
        ("Brussel", 100, "Juist"),
        ("Brussels", 50, "Bijna"),
    ]
    assert (choice.kind, choice.display, choice.shuffle) == (
        "multichoice",
        "dropdown",
        False,
    )
    assert [(a.text, a.fraction) for a in choice.answers] == [
        ("Gent", 0),
        ("Brussel", 100),
    ]
    assert number.kind == "numerical"
    assert [(a.text, a.tolerance, a.fraction) for a in number.answers] == [
        ("12", Decimal("0.5"), 100),
        ("10", Decimal(1), 50),
    ]
    assert number.markup == "{1:NUMERICAL:=12:0.5#Goed~%50%10:1#Bijna}"


@pytest.mark.parametrize(
    ("words", "kind", "case_sensitive", "display", "shuffle"),
    [
        (("SHORTANSWER", "SA", "MW"), "shortanswer", False, "", False),
        (("SHORTANSWER_C", "SAC", "MWC"), "shortanswer", True, "", False),
        (("NUMERICAL", "NM"), "numerical", False, "", False),
        (("MULTICHOICE", "MC"), "multichoice", False, "dropdown", False),
        (("MULTICHOICE_S", "MCS"), "multichoice", False, "dropdown", True),
        (("MULTICHOICE_V", "MCV"), "multichoice", False, "vertical", False),
        (("MULTICHOICE_VS", "MCVS"), "multichoice", False, "vertical", True),
        (("MULTICHOICE_H", "MCH"), "multichoice", False, "horizontal", False),
        (("MULTICHOICE_HS", "MCHS"), "multichoice", False, "horizontal", True),
        (("MULTIRESPONSE", "MR"), "multiresponse", False, "vertical", False),
        (("MULTIRESPONSE_S", "MRS"), "multiresponse", False, "vertical", True),
        (("MULTIRESPONSE_H", "MRH"), "multiresponse", False, "horizontal", False),
        (("MULTIRESPONSE_HS", "MRHS"), "multiresponse", False, "horizontal", True),
    ],
)
def test_every_kind_and_its_short_forms(words, kind, case_sensitive, display, shuffle):
    for word in words:
        (gap,) = parse_cloze(f"<p>{{1:{word}:=1~2}}</p>").gaps
        assert (gap.kind, gap.case_sensitive, gap.display, gap.shuffle) == (
            kind,
            case_sensitive,
            display,
            shuffle,
        ), word


def test_an_empty_weight_counts_one_and_zero_counts_nothing():
    gaps = parse_cloze("{:SA:=a} {0:SA:=b} {3:SA:=c}").gaps
    assert [g.weight for g in gaps] == [1, 0, 3]


def test_escapes_and_entities_as_moodle_reads_them():
    (gap,) = parse_cloze(
        r"{1:SA:=a\}b\#c\~d\/e\"f\\g#fb \# \} \~ ok~R&amp;D#&#39;t is goed}"
    ).gaps
    first, second = gap.answers
    assert first.text == 'a}b#c~d/e"f\\g'
    assert first.feedback == "fb # } ~ ok"
    # Typed answers are compared as text: entities decoded, tags ignored.
    assert second.text == "R&D" and second.feedback == "&#39;t is goed"
    (gap,) = parse_cloze("{1:SA:=<strong>Brussel</strong>}").gaps
    assert gap.answers[0].text == "Brussel"


def test_a_hash_after_an_ampersand_is_an_entity_not_feedback():
    (gap,) = parse_cloze("{1:MC:=it&#39;s#Juist~&amp;#123;~nee}").gaps
    assert [(a.text, a.feedback) for a in gap.answers] == [
        ("it&#39;s", "Juist"),
        ("&amp;#123;", ""),
        ("nee", ""),
    ]


def test_percent_fractions_with_a_comma_or_negative():
    (gap,) = parse_cloze("{1:MC:=a~%33,5%b~%-25%c~d}").gaps
    assert [a.fraction for a in gap.answers] == [100, Decimal("33.5"), -25, 0]


def test_numerical_answers_with_a_comma_and_a_catch_all():
    (gap,) = parse_cloze("{1:NM:=3,5:0,1~*#Nee}").gaps
    assert [(a.text, a.tolerance) for a in gap.answers] == [
        ("3.5", Decimal("0.1")),
        ("*", None),
    ]


def test_multiple_response_fractions_as_moodle_sets_them():
    # Without "%n%": the right choices share the gap, a wrong tick undoes a right one.
    (gap,) = parse_cloze("{1:MR:=a~=b~c}").gaps
    assert [a.fraction for a in gap.answers] == [50, 50, -50]
    # With them: the right ones are scaled to 100%, the wrong ones kept.
    (gap,) = parse_cloze("{1:MR:%50%a~%25%b~%-10%c}").gaps
    assert [round(a.fraction, 3) for a in gap.answers] == [
        Decimal("66.667"),
        Decimal("33.333"),
        -10,
    ]


def test_text_that_only_looks_like_braces_is_kept():
    cloze = parse_cloze("<p>Een {accolade} en {1:SA:=ja}</p>")
    assert cloze.texts[0] == "<p>Een {accolade} en " and len(cloze.gaps) == 1


@pytest.mark.parametrize(
    ("stem", "problem"),
    [
        ("<p>Geen gaten</p>", "the text has no gaps"),
        ("{1:REGEXP:=a}", "gap 1 has the unknown kind REGEXP"),
        ("{1:SA:=a} {1:shortanswer:=b}", "gap 2 has the unknown kind shortanswer"),
        ("{1:SA:=a} {1:SA:=b", "gap 2 is not closed with }"),
        ("{1:SA:=a {1:SA:=b}", "gap 1 is not closed with }"),
        ("{1:SA:=}", "gap 1 has an empty answer"),
        ("{1:SA:=a~}", "gap 1 has an empty answer"),
        ("{1:SA:a~%50%b}", "gap 1 has no right answer"),
        ("{1:MC:a~b}", "gap 1 has no right answer"),
        ("{1:MR:a~%-50%b}", "gap 1 has no right answer"),
        ("{1:MC:=a}", "gap 1 offers fewer than two choices"),
        ("{1:NM:=twaalf}", "gap 1: twaalf is not a number"),
        ("{1:NM:=12:ruim}", "gap 1: 12:ruim is not a number"),
        ("{1:SA:%150%a}", "gap 1 has a fraction outside -100%..100%"),
        ("{0:SA:=a} {0:NM:=1}", "every gap has weight 0"),
    ],
)
def test_what_cannot_be_used_is_said(stem, problem):
    with translation.override("en"):
        assert problem in cloze_problem(stem)
        with pytest.raises(ClozeError):
            parse_cloze(stem)


def test_a_good_stem_has_no_problem():
    assert cloze_problem(STEM) is None


# --- the type ----------------------------------------------------------------


def drawn(stem=STEM, *, shuffle=False, seed=0):
    question = Question(type="cloze", name="Cloze", stem=stem)
    return draw_question(
        question, slot=1, shuffle_answers=shuffle, rng=random.Random(seed)
    )


def post(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def key_of(question, number, text):
    gap = question["gaps"][number - 1]
    return next(o["key"] for o in gap["options"] if o["text"] == text)


def test_the_browser_sees_no_answers_fractions_or_feedback():
    question = drawn()
    public = public_question(question)
    seen = repr(public)
    for secret in ("Juist", "Bijna", "Goed", "0.5", "fraction", "SHORTANSWER", "#"):
        assert secret not in seen
    assert public["stem"] == (
        "<p>De hoofdstad is <b>[1] ____</b>. Kies: <b>[2] ____</b>. "
        "Tel: <b>[3] ____</b>.</p>"
    )
    typed, choice, number = public["gaps"]
    assert typed["options"] == [] and number["options"] == []
    assert [o["text"] for o in choice["options"]] == ["Gent", "Brussel"]
    with translation.override("en"):
        labels = [g["label"] for g in public_question(question)["gaps"]]
    assert labels == ["Answer 1 of 3", "Answer 2 of 3", "Answer 3 of 3"]


def test_options_have_opaque_keys_and_shuffle_only_where_the_gap_says():
    stem = "{1:MCS:=a~b~c~d~e~f~g~h} {1:MC:=a~b~c~d~e~f~g~h}"
    orders = set()
    for seed in range(5):
        shuffled, fixed = drawn(stem, shuffle=True, seed=seed)["gaps"]
        orders.add(tuple(o["text"] for o in shuffled["options"]))
        assert [o["text"] for o in fixed["options"]] == list("abcdefgh")
        assert all(len(o["key"]) == 8 for o in shuffled["options"])
    assert len(orders) > 1
    # A test that does not shuffle answers keeps the author's order.
    shuffled, _fixed = drawn(stem, shuffle=False)["gaps"]
    assert [o["text"] for o in shuffled["options"]] == list("abcdefgh")


def test_a_form_is_read_per_gap():
    question = drawn()
    brussel = key_of(question, 2, "Brussel")
    response = response_from_post(
        question, post(**{"q1-1": " brussel ", "q1-2": brussel, "q1-3": "12,3"})
    )
    assert response == {
        "gaps": {
            "1": {"text": "brussel"},
            "2": {"choice": brussel},
            "3": {"text": "12,3"},
        }
    }
    assert response_from_post(question, post()) is None
    with pytest.raises(InvalidResponse):
        response_from_post(question, post(**{"q1-2": "not-offered"}))


def test_grading_weighs_each_gap():
    question = drawn()
    brussel, gent = key_of(question, 2, "Brussel"), key_of(question, 2, "Gent")

    def graded(text, choice, number):
        return grade(
            question,
            {
                "gaps": {
                    "1": {"text": text},
                    "2": {"choice": choice},
                    "3": {"text": number},
                }
            },
        )

    assert graded("Brussel", brussel, "12") == 1
    assert graded("BRUSSEL", brussel, "12.4") == 1  # case ignored, within 0.5
    assert graded("Brussels", brussel, "12") == Decimal("0.875")  # (.5 + 2 + 1) / 4
    assert graded("Gent", gent, "9.5") == Decimal("0.125")  # 10 give or take 1: half
    assert graded("Parijs", gent, "zes") == 0
    assert grade(question, {"gaps": {"2": {"choice": brussel}}}) == Decimal("0.5")


def test_case_matters_in_shortanswer_c_and_wildcards_work():
    question = drawn("{1:SAC:=Brussel~%50%B*l#Bijna~*#Nee}")
    assert grade(question, {"gaps": {"1": {"text": "Brussel"}}}) == 1
    assert grade(question, {"gaps": {"1": {"text": "brussel"}}}) == 0
    assert grade(question, {"gaps": {"1": {"text": "Bol"}}}) == Decimal("0.5")


def test_multiple_response_gaps_take_off_for_wrong_ticks():
    question = drawn("{1:MR:=a~=b~c}")
    a, b, c = (key_of(question, 1, text) for text in "abc")
    assert grade(question, {"gaps": {"1": {"choices": [a, b]}}}) == 1
    assert grade(question, {"gaps": {"1": {"choices": [a]}}}) == Decimal("0.5")
    assert grade(question, {"gaps": {"1": {"choices": [a, c]}}}) == 0
    response = response_from_post(question, post(**{"q1-1": [a, b]}))
    assert response == {"gaps": {"1": {"choices": [a, b]}}}


def test_the_right_response_earns_everything_and_is_worded():
    question = drawn(STEM + "{1:MR:=x~=y~z} {1:MCV:=ja~nee}")
    right = right_response(question)
    assert grade(question, right) == 1
    assert correct_answer_html(question) == (
        "[1] Brussel; [2] Brussel; [3] 12; [4] x; y; [5] ja"
    )


def test_a_response_in_words_numbers_the_gaps_and_marks_empty_ones():
    question = drawn()
    gent = key_of(question, 2, "Gent")
    response = {"gaps": {"1": {"text": "<b>Brussel</b>"}, "2": {"choice": gent}}}
    assert answer_text(question, response) == "[1] <b>Brussel</b>; [2] Gent; [3] …"


def test_the_review_gives_the_feedback_of_each_gap_answered():
    question = drawn()
    brussel = key_of(question, 2, "Brussel")
    response = {
        "gaps": {
            "1": {"text": "brussels"},
            "2": {"choice": brussel},
            "3": {"text": "x"},
        }
    }
    policy = dict.fromkeys(("answers", "correctness", "correct_answers", "feedback"), 1)
    review = review_question(question, response, policy)
    assert review["option_feedback"] == ["[1] Bijna", "[2] Ja"]
    assert review["state"] == "partial" and review["earned"] == Decimal("0.625")
    assert "Bijna" not in repr(
        review_question(question, response, {**policy, "feedback": 0})
    )
