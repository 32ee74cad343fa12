"""Editors: import and export question files, preview questions, read a test's report."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from courses.services import enrolment_create
from quizzes.grading import right_response
from quizzes.importing import bank_export, question_data, questions_import
from quizzes.models import Question, QuestionBank
from quizzes.services import attempt_start, attempt_submit
from tests.factories import QuestionFactory, UserFactory
from tests.factories.quizzes import make_test

pytestmark = pytest.mark.django_db

GIFT = """
$CATEGORY: connectoo/module-1-csam

::CSAM 1:: Wat is CSAM? {=De toegangspoort tot de online overheid ~Een bank}

::CSAM 2:: Itsme is een digitale sleutel. {T}

::Opstel:: Schrijf een tekst over CSAM. {}
"""


@pytest.fixture
def editor(client):
    # The admin speaks the editor's language; these tests read its English.
    user = UserFactory(is_staff=True, is_superuser=True, preferred_language="en")
    client.force_login(user)
    return user


def test_import_refuses_unsupported_types_unless_asked_and_writes_nothing():
    with pytest.raises(Exception) as refused:
        questions_import(bank_name="Connectoo", data=GIFT.encode(), file_format="gift")
    assert "Opstel" in str(refused.value) and "3" in str(refused.value)
    assert not Question.objects.exists() and not QuestionBank.objects.exists()

    report = questions_import(
        bank_name="Connectoo",
        data=GIFT.encode(),
        file_format="gift",
        skip_unsupported=True,
    )
    assert report.imported == 2 and [s.name for s in report.skipped] == ["Opstel"]
    assert (
        Question.objects.filter(category__name="connectoo/module-1-csam").count() == 2
    )


def test_a_malformed_file_names_its_line_and_writes_nothing():
    broken = b"::A:: Vraag {=ja ~nee\n\n::B:: Nog een {T}"
    with translation.override("en"):
        with pytest.raises(Exception, match="line 1"):
            questions_import(bank_name="X", data=broken, file_format="gift")
        with pytest.raises(Exception, match="line"):
            questions_import(
                bank_name="X", data=b"<quiz><question>", file_format="moodlexml"
            )
    assert not Question.objects.exists()


def test_hostile_html_in_a_file_is_sanitised():
    gift = b'[html]<p onclick="x()">Vraag<script>alert(1)</script></p> {=ja ~nee}'
    questions_import(bank_name="X", data=gift, file_format="gift")
    stem = Question.objects.get().stem
    assert "script" not in stem and "onclick" not in stem and "Vraag" in stem


def test_round_trip_import_export_import_gives_the_same_questions():
    bank = QuestionFactory(type="single").bank
    for kind in (
        "multiple",
        "truefalse",
        "matching",
        "ordering",
        "shortanswer",
        "numerical",
        "gaps",
    ):
        QuestionFactory(bank=bank, type=kind)
    QuestionFactory(
        bank=bank,
        type="gaps",
        gap_mode="typed",
        answers=[
            ("itsme", 100, {"gap": 1}),
            ("its me", 100, {"gap": 1}),
            ("pincode", 100, {"gap": 2}),
        ],
    )
    first = questions_import(
        bank_name="Eerste", data=bank_export(bank).encode(), file_format="moodlexml"
    ).bank
    second = questions_import(
        bank_name="Tweede", data=bank_export(first).encode(), file_format="moodlexml"
    ).bank

    def as_data(bank):
        return [
            question_data(q) for q in Question.objects.filter(bank=bank).order_by("pk")
        ]

    assert len(as_data(first)) == 9
    assert as_data(first) == as_data(second)


def test_the_command_imports_and_explains_refusals(tmp_path):
    path = tmp_path / "vragen.gift"
    path.write_text(GIFT, encoding="utf-8")
    with pytest.raises(CommandError, match="Opstel"):
        call_command(
            "import_questions", str(path), "--format", "gift", "--bank", "Connectoo"
        )
    out = io.StringIO()
    call_command(
        "import_questions",
        str(path),
        "--format",
        "gift",
        "--bank",
        "Connectoo",
        "--skip-unsupported",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "2" in out.getvalue()
    export = io.StringIO()
    call_command("export_questions", "--bank", "Connectoo", stdout=export)
    assert "<quiz>" in export.getvalue() and "CSAM 1" in export.getvalue()


def test_upload_in_the_admin(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("quizzes_question_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("vragen.gift", GIFT.encode(), content_type="text/plain")
    response = client.post(
        url, {"file": upload, "file_format": "gift", "bank": "Connectoo"}
    )
    assert response.status_code == 200
    assert "Opstel" in response.content.decode()
    assert not Question.objects.exists()
    upload = SimpleUploadedFile("vragen.gift", GIFT.encode(), content_type="text/plain")
    response = client.post(
        url,
        {
            "file": upload,
            "file_format": "gift",
            "bank": "Connectoo",
            "skip_unsupported": "on",
        },
    )
    assert response.status_code == 302
    assert Question.objects.count() == 2


def test_the_import_page_is_for_editors_only(client):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(reverse("quizzes_question_import")).status_code in (302, 403)


def test_a_question_preview_shows_it_as_a_learner_sees_it(client, editor):
    question = QuestionFactory(type="single")
    # The admin posts the edit form first; the model's own preview is what it renders.
    response = question.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200 and "Juist" in html and 'type="radio"' in html
    assert "Over Juist" not in html  # no feedback in the preview of the question


def test_the_report_lists_attempts_and_question_statistics(client, editor):
    course, test = make_test(questions=4, question_count=4)
    learner = UserFactory(first_name="Anna", last_name="Peeters")
    enrolment_create(user=learner, course=course)
    attempt = attempt_start(user=learner, test=test)
    first = attempt.draw[0]
    attempt_submit(
        attempt=attempt, responses={str(first["slot"]): right_response(first)}
    )

    url = reverse("quizzes_test_report", args=[test.pk])
    html = client.get(url).content.decode()
    assert "Anna Peeters" in html and "<td>25</td>" in html
    csv_text = client.get(url, {"format": "csv"}).content.decode()
    assert "Anna" in csv_text and "25.0" in csv_text
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "Anna Peeters" and rows[1][3] == 25.0
    stats = list(book.worksheets[1].iter_rows(values_only=True))[1:]
    assert sorted(row[3] for row in stats) == [0, 0, 0, 100]


def test_the_report_is_for_editors_only(client):
    _, test = make_test(questions=1, question_count=1)
    client.force_login(UserFactory())
    response = client.get(reverse("quizzes_test_report", args=[test.pk]))
    assert response.status_code in (302, 403)


def test_a_bank_with_a_broken_question_explains_why_it_cannot_be_exported(
    client, editor
):
    broken = QuestionFactory(type="single", answers=[("A", 0, {}), ("B", 0, {})])
    response = client.get(
        reverse("quizzes_bank_export", args=[broken.bank.pk]), follow=True
    )
    assert broken.name in response.content.decode()
    with pytest.raises(CommandError, match=broken.name):
        call_command(
            "export_questions", "--bank", broken.bank.name, stdout=io.StringIO()
        )


def test_typed_answers_keep_their_characters():
    gift = b"::Teken:: Welk teken staat voor kleiner dan? {=< =a < b}"
    questions_import(bank_name="X", data=gift, file_format="gift")
    assert [a.text for a in Question.objects.get().answers.all()] == ["<", "a < b"]


def _question_form(bank, answers):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    return nested_form_data(
        {
            "bank": bank.pk,
            "type": "single",
            "default_mark": "1",
            "name": "Nieuwe vraag",
            "stem": rich_text("<p>Wat is CSAM?</p>"),
            "general_feedback": rich_text(""),
            "gap_mode": "select",
            "answers": inline_formset(
                [
                    {"text": text, "fraction": fraction, "feedback": "", "match": ""}
                    for text, fraction in answers
                ]
            ),
        }
    )


def test_the_admin_refuses_a_question_without_a_right_answer(client, editor):
    from tests.factories import QuestionBankFactory

    bank = QuestionBankFactory()
    url = reverse("wagtailsnippets_quizzes_question:add")
    response = client.post(url, _question_form(bank, [("A", "0"), ("B", "0")]))
    assert response.status_code == 200
    assert "exactly one answer with fraction 100" in response.content.decode()
    assert not Question.objects.exists()
    response = client.post(url, _question_form(bank, [("A", "100"), ("B", "0")]))
    assert response.status_code == 302
    assert Question.objects.get().answers.count() == 2
