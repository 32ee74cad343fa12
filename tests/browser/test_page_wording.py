"""What the pages say, in the words a counter employee reads: a true/false answer is
"Waar" or "Niet waar", a full session says that registering means the waiting list
and where the learner stands on it, and the lesson page says whose percentage it
shows."""

import pytest
from playwright.sync_api import expect

from courses.services import enrolment_create
from tests.factories import (
    QuestionFactory,
    TrainingSessionFactory,
    UserFactory,
    VerifiedUserFactory,
    build_course,
)
from tests.factories.people import PASSWORD
from tests.factories.quizzes import make_test
from training.sessions.services import registration_create

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_review_says_waar_and_niet_waar(page):
    course, test = make_test(
        questions=0, question_count=1, review_attempt_correct_answers=True
    )
    QuestionFactory(bank=test.bank, type="truefalse", stem="<p>CSAM is gratis.</p>")
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)

    log_in(page, learner, PASSWORD)
    page.goto(test.url)
    page.get_by_role("button", name="De test starten").click()
    # The options are words on the attempt page too.
    page.get_by_role("radio", name="Niet waar").check()
    expect(page.get_by_role("radio", name="Waar", exact=True)).to_be_visible()
    page.get_by_role("button", name="Indienen").click()

    review = page.locator(".review__item")
    expect(review.get_by_text("Je antwoord: Niet waar")).to_be_visible()
    expect(review.get_by_text("Het juiste antwoord: Waar")).to_be_visible()
    assert_accessible(page, "review")


def test_a_full_session_and_the_place_on_its_waiting_list(page):
    session = TrainingSessionFactory(
        title="Terugkommoment Mechelen", capacity=1, minimum=1, kind="follow_up"
    )
    for _ in range(2):  # the seat, and one person already waiting
        registration_create(session=session, user=UserFactory())
    learner = VerifiedUserFactory()

    log_in(page, learner, PASSWORD)
    page.goto("/sessies/")
    card = page.locator(".card", has_text="Terugkommoment Mechelen")
    full = "Volzet: als je je inschrijft, kom je op de wachtlijst."
    expect(card.get_by_text(full)).to_be_visible()
    expect(card).not_to_contain_text("Inschrijvingen open")
    assert_accessible(page, "sessions, full")

    card.get_by_role("link", name="Terugkommoment Mechelen").click()
    page.get_by_role("button", name="Inschrijven op de wachtlijst").click()
    expect(page.get_by_text("Je staat 2e op de wachtlijst.")).to_be_visible()
    assert_accessible(page, "session, waiting")

    page.goto("/sessies/")
    expect(card.get_by_text("Je staat 2e op de wachtlijst.")).to_be_visible()
    assert_accessible(page, "sessions, waiting")


def test_the_lesson_page_labels_the_modules_percentage(page):
    course = build_course(lessons=3, sections=1)
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)
    lesson = course.get_children().first().get_children().first().specific

    log_in(page, learner, PASSWORD)
    page.goto(lesson.url + "onderdeel/1/")
    header = page.locator(".lesson-header")
    expect(header.get_by_text("Je hebt deze les voltooid.")).to_be_visible()
    expect(header.get_by_text("Module:")).to_be_visible()
    # The bar's accessible name says whose percentage it is.
    expect(page.get_by_role("progressbar", name="Module: 33% voltooid")).to_be_visible()
    assert_accessible(page, "lesson, done")
