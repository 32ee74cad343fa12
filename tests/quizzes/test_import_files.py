"""Importing question files with what they carry: embedded images, sounds and
documents (Moodle's `@@PLUGINFILE@@` files and the old `<image>` tag), a report of
everything not kept, messages in the user's language, and the round trip back to
Moodle XML."""

import base64
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from courses.services import enrolment_create
from home.services import home_page_ensure
from quizzes.formats import parse_moodle_xml
from quizzes.importing import (
    ImportRefused,
    bank_export,
    question_data,
    questions_import,
)
from quizzes.models import Question, QuestionBank
from quizzes.services import attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.factories.quizzes import make_test

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _root_collection():
    """Images and documents go in the root collection, which a transactional test
    before this one may have flushed."""
    home_page_ensure()


def png(colour: str = "red", size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def quiz(*questions: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
        + "\n".join(questions)
        + "\n</quiz>\n"
    ).encode()


def multichoice(name: str, stem: str, files: str = "", feedback: str = "") -> str:
    return f"""<question type="multichoice">
  <name><text>{name}</text></name>
  <questiontext format="html"><text><![CDATA[{stem}]]></text>{files}</questiontext>
  <generalfeedback format="html"><text><![CDATA[{feedback}]]></text></generalfeedback>
  <single>true</single>
  <answer fraction="100"><text>Juist</text></answer>
  <answer fraction="0"><text>Fout</text></answer>
</question>"""


def file(name: str, content: bytes, path: str = "/") -> str:
    return f'<file name="{name}" path="{path}" encoding="base64">{b64(content)}</file>'


PICTURE = png()
WITH_FILES = quiz(
    """<question type="multichoice">
  <name><text>CSAM met beeld</text></name>
  <questiontext format="html"><text><![CDATA[<p>Wat zie je?
    <img src="@@PLUGINFILE@@/mijn%20scherm.png" alt="Het aanmeldscherm"></p>
    <audio controls><source src="@@PLUGINFILE@@/uitleg.mp3"></audio>]]></text>"""
    + file("mijn scherm.png", PICTURE)
    + file("uitleg.mp3", MP3)
    + """</questiontext>
  <generalfeedback format="html"><text><![CDATA[<p>Lees
    <a href="@@PLUGINFILE@@/gids.pdf">de gids</a>.</p>]]></text>"""
    + file("gids.pdf", PDF)
    + """</generalfeedback>
  <single>true</single>
  <answer fraction="100"><text>Juist</text></answer>
  <answer fraction="0"><text>Fout</text></answer>
</question>"""
)


def import_xml(data: bytes, bank: str = "Connectoo"):
    with translation.override("en"):
        return questions_import(bank_name=bank, data=data, file_format="moodlexml")


def stored_files(settings) -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return [path for root in roots if root.exists() for path in root.rglob("*.*")]


def test_embedded_image_sound_and_document_become_wagtail_images_and_documents():
    report = import_xml(WITH_FILES)
    question = Question.objects.get()
    image = get_image_model().objects.get()
    documents = {d.title: d for d in get_document_model().objects.all()}
    assert set(documents) == {"uitleg.mp3", "gids.pdf"}
    with image.file.open("rb") as opened:
        assert opened.read() == PICTURE
    assert (
        f'<embed embedtype="image" id="{image.pk}" format="fullwidth" '
        'alt="Het aanmeldscherm"/>'
    ) in question.stem
    assert f'<a linktype="document" id="{documents["uitleg.mp3"].pk}">' in (
        question.stem
    )
    assert (
        f'<a linktype="document" id="{documents["gids.pdf"].pk}">de gids</a>'
        in question.general_feedback
    )
    assert "@@PLUGINFILE@@" not in question.stem + question.general_feedback
    [(label, notes)] = report.notes
    assert label == "Question 1 (“CSAM met beeld”)"
    assert notes == ["The sound or film uitleg.mp3 is shown as a link to download it."]


def test_the_image_shows_in_an_attempt_and_its_review(client):
    course, test = make_test(questions=0, question_count=1)
    with translation.override("en"):
        questions_import(
            bank_name=test.bank.name, data=WITH_FILES, file_format="moodlexml"
        )
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    attempt = attempt_start(user=learner, test=test)
    page = test.url + test.reverse_subpage("attempt", kwargs={"attempt_id": attempt.pk})
    html = client.get(page).content.decode()
    assert 'alt="Het aanmeldscherm"' in html and "<img" in html
    attempt_submit(attempt=attempt, responses={})
    result = test.url + test.reverse_subpage(
        "result", kwargs={"attempt_id": attempt.pk}
    )
    html = client.get(result).content.decode()
    assert 'alt="Het aanmeldscherm"' in html
    # The general feedback's document: the learner of the test may download it.
    document = get_document_model().objects.get(title="gids.pdf")
    assert f'href="{document.url}"' in html
    assert client.get(document.url).status_code == 200


def test_a_document_of_a_question_is_not_for_strangers(client):
    course, test = make_test(questions=0, question_count=1)
    import_xml(WITH_FILES, bank=test.bank.name)
    client.force_login(UserFactory())
    document = get_document_model().objects.get(title="gids.pdf")
    assert client.get(document.url).status_code in (403, 404)


def test_round_trip_keeps_every_image_and_document():
    import_xml(WITH_FILES)
    exported = bank_export(QuestionBank.objects.get())
    assert "@@PLUGINFILE@@/mijn%20scherm.png" in exported
    assert '<file name="gids.pdf" path="/" encoding="base64">' in exported
    [again] = parse_moodle_xml(exported).questions
    assert again.files["mijn scherm.png"] == PICTURE
    assert again.files["gids.pdf"] == PDF
    assert again.files["uitleg.mp3"] == MP3
    import_xml(exported.encode(), bank="Kopie")
    copy = Question.objects.get(bank__name="Kopie")
    data = question_data(copy)
    assert sorted(data.files.values()) == sorted([PICTURE, PDF, MP3])
    assert 'alt="Het aanmeldscherm"' in data.stem


def test_the_old_image_tag_becomes_the_questions_image_and_asks_for_a_description():
    xml = quiz(
        multichoice("Oud", "<p>Wat zie je?</p>").replace(
            "<single>",
            f"<image>images/oud.png</image><image_base64>{b64(PICTURE)}"
            "</image_base64><single>",
        )
    )
    report = import_xml(xml)
    question = Question.objects.get()
    assert question.image.title == "oud.png"
    assert question.image_alt == "Oud"
    assert report.notes == [
        (
            "Question 1 (“Oud”)",
            [
                "Describe the image oud.png for learners who cannot see it: its "
                "description is now the question's name."
            ],
        )
    ]
    exported = bank_export(question.bank)
    assert "<image>oud.png</image>" in exported
    [again] = parse_moodle_xml(exported).questions
    assert again.image.content == PICTURE and again.image_alt == "Oud"
    assert again.notes == []


def test_an_svg_or_a_file_that_is_no_image_is_left_out_and_reported():
    xml = quiz(
        multichoice(
            "Beelden",
            '<p>Kijk <img src="@@PLUGINFILE@@/logo.svg" alt="Logo">'
            '<img src="@@PLUGINFILE@@/kapot.png" alt="Kapot">'
            '<img src="https://example.org/x.png" alt="Elders"></p>',
            file("logo.svg", SVG) + file("kapot.png", b"not a png"),
        )
    )
    report = import_xml(xml)
    question = Question.objects.get()
    assert not get_image_model().objects.exists()
    assert "<img" not in question.stem and "<embed" not in question.stem
    [(_label, notes)] = report.notes
    assert notes == [
        "The image logo.svg was not kept: it is not a PNG, JPEG, GIF or WebP image.",
        "The image kapot.png was not kept: it is not a PNG, JPEG, GIF or WebP image.",
        "An image from another site (https://example.org/x.png) was not kept.",
    ]


def test_a_refused_file_leaves_no_image_rows_and_no_stored_files(settings):
    broken = multichoice("Fout", "<p>Geen juist antwoord</p>").replace(
        'fraction="100"', 'fraction="0"'
    )
    with pytest.raises(ImportRefused):
        import_xml(WITH_FILES[: -len(b"</quiz>\n")] + broken.encode() + b"</quiz>\n")
    assert not Question.objects.exists()
    assert not get_image_model().objects.exists()
    assert not get_document_model().objects.exists()
    assert stored_files(settings) == []


def test_files_in_answers_and_unused_files_are_reported():
    xml = quiz(
        multichoice("Antwoordbeeld", "<p>Kies</p>", file("ongebruikt.pdf", PDF))
        .replace(
            "<text>Juist</text>",
            '<text><![CDATA[<img src="@@PLUGINFILE@@/a.png" alt="A">Juist]]></text>'
            + file("a.png", PICTURE),
        )
        .replace('<answer fraction="100">', '<answer fraction="100" format="html">')
    )
    report = import_xml(xml)
    [(_label, notes)] = report.notes
    assert notes == [
        "The file a.png in answer 1 was not kept: it cannot be shown there.",
        "The file ongebruikt.pdf was not kept: no text of the question uses it.",
    ]
    assert Question.objects.get().answers.first().text == "Juist"


def test_what_moodle_has_and_the_platform_does_not_is_reported_per_question(
    client, tmp_path
):
    xml = quiz(
        multichoice("Met hints", "<p>Kies</p>").replace(
            "<single>",
            "<penalty>0.3333333</penalty><hidden>0</hidden>"
            '<hint format="html"><text>Denk na</text></hint>'
            '<hint format="html"><text>Nog eens</text></hint>'
            "<tags><tag><text>csam</text></tag></tags>"
            '<correctfeedback format="html"><text></text></correctfeedback>'
            "<single>",
        ),
        multichoice("Zonder", "<p>Kies</p>"),
    )
    # The admin speaks the editor's language; this test reads its English.
    user = UserFactory(is_staff=True, is_superuser=True, preferred_language="en")
    client.force_login(user)
    url = reverse("quizzes_question_import")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("bank.xml", xml),
            "file_format": "moodlexml",
            "bank": "Connectoo",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response["Location"] == url
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Question 1 (“Met hints”)" in html
    assert "Not kept: the penalty for each new try." in html
    assert "Not kept: hints." in html and "Not kept: tags." in html
    assert "Zonder" not in html
    # Shown once: the next visit has no report.
    assert "Met hints" not in client.get(url).content.decode()

    path = tmp_path / "bank.xml"
    path.write_bytes(xml)
    err = io.StringIO()
    with translation.override("en"):
        call_command(
            "import_questions",
            str(path),
            "--format",
            "moodlexml",
            "--bank",
            "Andere",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Question 1 (“Met hints”):\n  - Not kept: the penalty" in err.getvalue()


def test_gift_numerical_with_feedback_on_any_other_number_imports_with_a_note():
    with translation.override("en"):
        report = questions_import(
            bank_name="Rekenen",
            data=b"::Som::Hoeveel is 1+2? {#3:2~#Helemaal fout}",
            file_format="gift",
        )
    answer = Question.objects.get().answers.get()
    assert (answer.text, answer.tolerance) == ("3", 2)
    assert report.notes[0][1] == [
        "The feedback on any other number (“Helemaal fout”) was not kept: a "
        "numerical question has no such answer."
    ]


def test_a_broken_file_is_refused_entirely_in_dutch():
    """The reason, where it is and which question: all of it in the user's language
    (the Dutch words are the catalogue's; none of the English may remain)."""
    with translation.override("nl"), pytest.raises(ImportRefused) as refused:
        questions_import(
            bank_name="X",
            data=b"Eerste? {T}\n\n::CSAM 3::Wat {=a ~b} en {=c ~d}?\n",
            file_format="gift",
        )
    [message] = refused.value.problems
    assert message.startswith("Het bestand kon niet gelezen worden: ")
    assert "3" in message and "'CSAM 3'" in message
    for english in ("line", "more than one answer block", "in question"):
        assert english not in message


def test_cloze_markup_survives_sanitising_and_the_round_trip():
    stem = (
        "<p>De hoofdstad is {1:SHORTANSWER:=Brussel#Juist~%50%Brussels#Bijna}"
        " &amp; {2:MULTICHOICE:Gent~=Leuven#Ja}.</p>"
    )
    xml = quiz(
        f"""<question type="cloze">
  <name><text>Hoofdstad</text></name>
  <questiontext format="html"><text><![CDATA[{stem}]]></text></questiontext>
  <generalfeedback format="html"><text></text></generalfeedback>
</question>"""
    )
    import_xml(xml)
    question = Question.objects.get()
    assert (question.type, question.stem) == ("cloze", stem)
    exported = bank_export(question.bank)
    assert '<question type="cloze">' in exported
    assert parse_moodle_xml(exported).questions[0].stem == stem
