"""A learner fills in a cloze question in Chromium (a typed word, a list, buttons, tick
boxes and a number in one text), hands it in and reads the review; the page passes
axe's WCAG 2.1 AA checks while answering and after."""

import re

import pytest
from playwright.sync_api import expect

from courses.services import enrolment_create
from quizzes.grading import right_response
from quizzes.models import Attempt
from tests.factories import QuestionFactory, VerifiedUserFactory
from tests.factories.people import PASSWORD
from tests.factories.quizzes import make_test

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEM = (
    "<p>Met {1:SHORTANSWER:=itsme#Juist} meld je aan bij {1:MULTICHOICE:=CSAM~MyMinfin}."
    " Je pincode heeft {1:NUMERICAL:=4:0#Goed} cijfers. Een sleutel is "
    "{1:MULTICHOICE_V:=itsme#Ja~een fiets#Nee} en je gegevens staan op "
    "{1:MULTIRESPONSE_H:=je eID~=je gsm~een krant}.</p>"
)


def answer_cloze(page, name: str, question: dict, response: dict) -> None:
    """Fill in a drawn cloze question's gaps in the page, as `response` says."""
    for gap in question["gaps"]:
        field = f'[name="{name}-{gap["number"]}"]'
        given = response["gaps"].get(str(gap["number"])) or {}
        if "text" in given:
            page.fill(field, given["text"])
        elif gap["display"] == "dropdown":
            page.select_option(field, given["choice"])
        else:
            for key in given.get("choices") or [given["choice"]]:
                page.check(f'input{field}[value="{key}"]')


def test_a_learner_fills_in_a_cloze_question(page):
    course, test = make_test(questions=0, question_count=1)
    QuestionFactory(bank=test.bank, type="cloze", stem=STEM)
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)

    log_in(page, learner, PASSWORD)
    page.goto(test.url)
    page.get_by_role("button", name="De test starten").click()
    expect(page.get_by_text("Vraag 1 van 1")).to_be_visible()
    # Every gap is a named field in the sentence ("Antwoord 1 van 5"), with a target
    # large enough to hit.
    typed = page.locator('input[name="q1-1"]')
    expect(typed).to_have_attribute("aria-label", re.compile(r"^\D+ 1 \D+ 5$"))
    expect(page.get_by_role("radiogroup")).to_have_attribute(
        "aria-label", re.compile(r"^\D+ 4 \D+ 5$")
    )
    assert typed.bounding_box()["height"] >= 44
    assert_accessible(page, "attempt with a cloze question")

    (question,) = Attempt.objects.get(user=learner).draw
    answer_cloze(page, "q1", question, right_response(question))
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_text("100%").first).to_be_visible()
    review = page.locator(".review__item")
    expect(review).to_contain_text("[1] ____")
    expect(review).to_contain_text("[1] itsme; [2] CSAM; [3] 4; [4] itsme;")
    expect(review).to_contain_text("[1] Juist")
    assert_accessible(page, "review of a cloze question")
