"""Cloze questions through the pages: a learner answers one in an attempt and reads
the review with each gap's feedback; an editor writes one in the admin, previews it
and reads how each gap fared in the test's report."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from courses.services import enrolment_create
from quizzes.models import Attempt, Question
from quizzes.services import attempt_start, attempt_submit
from tests.factories import QuestionBankFactory, QuestionFactory, UserFactory
from tests.factories.quizzes import make_test

pytestmark = pytest.mark.django_db


def url(test, name="", **kwargs):
    return test.url + (test.reverse_subpage(name, kwargs=kwargs) if name else "")


def page_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def taken(client):
    """A learner with an open attempt at a test of one cloze question (the factory's:
    a typed gap, a list and a number)."""
    course, test = make_test(questions=0, question_count=1, max_attempts=2)
    QuestionFactory(bank=test.bank, type="cloze")
    user = UserFactory()
    enrolment_create(user=user, course=course)
    client.force_login(user)
    return test, attempt_start(user=user, test=test)


def option_key(attempt, number, text):
    (question,) = attempt.draw
    gap = question["gaps"][number - 1]
    return next(o["key"] for o in gap["options"] if o["text"] == text)


def test_the_attempt_page_shows_a_field_in_each_gap_and_no_answers(client, taken):
    test, attempt = taken
    page = url(test, "attempt", attempt_id=attempt.pk).replace("/nl/", "/en/", 1)
    html = client.get(page).content.decode()
    assert re.search(
        r'<input type="text" class="gap" name="q1-1" value="" '
        r'aria-label="Answer 1 of 3"',
        html,
    )
    select = re.search(
        r'<select class="gap" name="q1-2" aria-label="Answer 2 of 3">(.*?)</select>',
        html,
    ).group(1)
    assert "CSAM" in select and "MyMinfin" in select
    assert re.search(
        r'name="q1-3" value="" aria-label="Answer 3 of 3"[^>]*decimal', html
    )
    # The text reads on around the fields, and nothing gives the answers away.
    assert "meld je aan bij" in html and "cijfers." in html
    for secret in ("its*", "Juist", "Bijna", "SHORTANSWER", "{1:", "fraction"):
        assert secret not in html


def test_a_learner_answers_is_graded_per_gap_and_reads_the_feedback(client, taken):
    test, attempt = taken
    wrong_choice = option_key(attempt, 2, "MyMinfin")
    response = client.post(
        url(test, "attempt", attempt_id=attempt.pk),
        {"q1-1": "ITSME", "q1-2": wrong_choice, "q1-3": "4,2", "submit": "1"},
    )
    assert response["Location"] == url(test, "result", attempt_id=attempt.pk)
    attempt.refresh_from_db()
    # Gap 1 (weight 1) right, gap 2 (weight 2) wrong, gap 3 (weight 1) half: 1.5 / 4.
    assert attempt.percent == 37.5 and not attempt.passed

    text = page_text(
        client.get(url(test, "result", attempt_id=attempt.pk)).content.decode()
    )
    assert "Met [1] ____ meld je aan bij [2] ____" in text
    assert "[1] ITSME; [2] MyMinfin; [3] 4,2" in text
    assert "[1] Juist" in text and "[2] Nee" in text and "[3] Bijna" in text
    # Right after a failed attempt the default policy keeps the right answers back.
    assert "[2] CSAM" not in text


def test_answers_are_kept_in_the_fields_when_the_learner_comes_back(client, taken):
    test, attempt = taken
    choice = option_key(attempt, 2, "CSAM")
    client.post(
        url(test, "autosave", attempt_id=attempt.pk), {"q1-1": "itsme", "q1-2": choice}
    )
    html = client.get(url(test, "attempt", attempt_id=attempt.pk)).content.decode()
    assert 'name="q1-1" value="itsme"' in html
    assert f'<option value="{choice}" selected>CSAM</option>' in html


def test_a_choice_that_was_not_offered_is_refused(client, taken):
    test, attempt = taken
    response = client.post(
        url(test, "attempt", attempt_id=attempt.pk), {"q1-2": "made-up", "submit": "1"}
    )
    assert response.status_code == 400
    assert Attempt.objects.get(pk=attempt.pk).is_open


def test_radio_buttons_and_tick_boxes_are_named_groups(client):
    course, test = make_test(questions=0, question_count=1)
    QuestionFactory(
        bank=test.bank,
        type="cloze",
        stem="<p>{1:MCH:=ja~nee} en {1:MR:=a~=b~c}</p>",
    )
    user = UserFactory()
    enrolment_create(user=user, course=course)
    client.force_login(user)
    attempt = attempt_start(user=user, test=test)
    page = url(test, "attempt", attempt_id=attempt.pk).replace("/nl/", "/en/", 1)
    html = client.get(page).content.decode()
    assert re.search(
        r'class="cloze__choices cloze__choices--horizontal" role="radiogroup" '
        r'aria-label="Answer 1 of 2">(<label class="option"><input type="radio" '
        r'name="q1-1"[^>]*><span>(ja|nee)</span></label>){2}</span>',
        html,
    )
    assert html.count('type="checkbox" name="q1-2"') == 3
    assert 'role="group" aria-label="Answer 2 of 2"' in html


# --- the admin ---------------------------------------------------------------


@pytest.fixture
def editor(client):
    """An editor whose admin speaks English (the messages asserted below)."""
    user = UserFactory(is_staff=True, is_superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)


def cloze_form(bank, stem, answers=()):
    return nested_form_data(
        {
            "bank": bank.pk,
            "type": "cloze",
            "default_mark": "2",
            "name": "Tekst aanvullen",
            "stem": rich_text(stem),
            "general_feedback": rich_text(""),
            "gap_mode": "select",
            "answers": inline_formset(
                [
                    {"text": text, "fraction": "100", "feedback": "", "match": ""}
                    for text in answers
                ]
            ),
        }
    )


def test_the_admin_saves_a_cloze_question_without_answer_rows(client, editor):
    bank = QuestionBankFactory()
    stem = "<p>Met {1:SA:=itsme#Juist} meld je aan bij {2:MC:=CSAM~MyMinfin}.</p>"
    response = client.post(
        reverse("wagtailsnippets_quizzes_question:add"), cloze_form(bank, stem)
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.type == "cloze" and not question.answers.exists()
    assert "{1:SA:=itsme#Juist}" in question.stem


@pytest.mark.parametrize(
    ("stem", "answers", "shown"),
    [
        ("<p>Met {1:REGEXP:=itsme} meld je aan.</p>", (), "unknown kind REGEXP"),
        ("<p>Met {1:SA:itsme} meld je aan.</p>", (), "gap 1 has no right answer"),
        ("<p>Met itsme meld je aan.</p>", (), "the text has no gaps"),
        (
            "<p>Met {1:SA:=itsme} meld je aan.</p>",
            ("itsme",),
            "keeps its answers in its text",
        ),
    ],
)
def test_the_admin_refuses_a_cloze_question_it_cannot_use(
    client, editor, stem, answers, shown
):
    response = client.post(
        reverse("wagtailsnippets_quizzes_question:add"),
        cloze_form(QuestionBankFactory(), stem, answers),
    )
    assert response.status_code == 200
    assert shown in response.content.decode()
    assert not Question.objects.exists()


def test_the_preview_shows_the_gaps_as_a_learner_sees_them(editor):
    question = QuestionFactory(type="cloze")
    response = question.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q1-1"' in html and '<select class="gap" name="q1-2"' in html
    assert "Juist" not in html and "its*" not in html


def test_the_report_shows_how_each_gap_fared(client, editor):
    course, test = make_test(questions=0, question_count=1, max_attempts=0)
    QuestionFactory(bank=test.bank, type="cloze", name="Aanmelden")
    for typed in ("itsme", "eID"):
        learner = UserFactory()
        enrolment_create(user=learner, course=course)
        attempt = attempt_start(user=learner, test=test)
        right = option_key(attempt, 2, "CSAM")
        attempt_submit(
            attempt=attempt,
            responses={"1": {"gaps": {"1": {"text": typed}, "2": {"choice": right}}}},
        )

    report = reverse("quizzes_test_report", args=[test.pk])
    html = client.get(report).content.decode()
    assert "Aanmelden, gap 1 2 50% 50%" in page_text(html)
    book = load_workbook(io.BytesIO(client.get(report, {"format": "xlsx"}).content))
    rows = list(book.worksheets[1].iter_rows(values_only=True))[1:]
    # Question: nobody fully right, on average (3/4 + 2/4) / 2; then gap by gap.
    assert [row[1:] for row in rows] == [
        (2, 0, 0, 62),
        (2, 1, 50, 50),
        (2, 2, 100, 100),
        (2, 0, 0, 0),
    ]
    assert rows[0][0] == "Aanmelden" and rows[1][0].startswith("Aanmelden")


def test_the_model_refuses_a_broken_cloze_text_so_no_translation_can_break_it():
    # wagtail-localize checks the model before it saves a translation.
    question = QuestionFactory(type="cloze")
    question.full_clean()
    question.stem = "<p>Avec {1:SA:itsme} vous vous connectez.</p>"
    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert list(refused.value.error_dict) == ["stem"]
