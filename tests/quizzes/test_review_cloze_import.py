"""Review of the cloze import: what sanitising and storing the files does to a cloze
text is checked again, so a question that cannot be drawn is never stored; the
images of its choices are shown."""

import random
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.images import get_image_model

from home.services import home_page_ensure
from quizzes.drawing import draw_question, public_question
from quizzes.importing import ImportRefused, questions_import
from quizzes.models import Question, QuestionBank
from tests.quizzes.test_import_files import b64, png, quiz, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _root_collection():
    home_page_ensure()


def cloze(stem: str, files: str = "") -> str:
    return f"""<question type="cloze">
  <name><text>Kaart</text></name>
  <questiontext format="html"><text><![CDATA[{stem}]]></text>{files}</questiontext>
  <generalfeedback format="html"><text></text></generalfeedback>
</question>"""


def test_a_cloze_whose_only_choice_is_an_image_from_another_site_is_refused(
    settings,
):
    """The image is left out as the file's other images are; the choice it was is
    then empty, so the cloze text no longer parses: stored, it would break every
    attempt that draws it."""
    stem = (
        '<p>{1:MULTICHOICE:=<img src="https://elders.example/kaart.png" alt="Kaart">'
        "~Tekst}</p>"
    )
    data = quiz(
        cloze(
            '<p>{1:MULTICHOICE:=<img src="@@PLUGINFILE@@/a.png" alt="A">~B}</p>',
            f'<file name="a.png" path="/" encoding="base64">{b64(png())}</file>',
        ),
        cloze(stem),
    )
    before = stored_files(settings)
    with translation.override("en"), pytest.raises(ImportRefused) as refused:
        questions_import(bank_name="Kaarten", data=data, file_format="moodlexml")
    [problem] = refused.value.problems
    assert "Question 2" in problem and "gap 1 has an empty answer" in problem
    # All or nothing: the first question's image went with the rest.
    assert not QuestionBank.objects.exists() and not Question.objects.exists()
    assert not get_image_model().objects.exists()
    assert stored_files(settings) == before


def test_a_cloze_with_an_embedded_image_choice_imports_and_draws():
    stem = '<p>{1:MULTICHOICE:=<img src="@@PLUGINFILE@@/a.png" alt="A">~B}</p>'
    data = quiz(
        cloze(
            stem, f'<file name="a.png" path="/" encoding="base64">{b64(png())}</file>'
        )
    )
    questions_import(bank_name="Kaarten", data=data, file_format="moodlexml")
    question = Question.objects.get()
    assert 'embedtype="image"' in question.stem
    assert question.full_clean() is None


def drawn_and_shown(stem: str, files: str = "") -> tuple[dict, str]:
    questions_import(
        bank_name="Kaarten", data=quiz(cloze(stem, files)), file_format="moodlexml"
    )
    question = draw_question(
        Question.objects.latest("pk"),
        slot=1,
        shuffle_answers=False,
        rng=random.Random(1),
    )
    shown = {**public_question(question), "response": None}
    return shown, render_to_string("components/quiz/types/cloze.html", {"q": shown})


def test_an_image_choice_shows_its_image():
    """Imported as a Wagtail image inside the gap; a learner must see it beside its
    button, not an empty label (and its description in a list, where no image
    fits)."""
    image = f'<file name="a.png" path="/" encoding="base64">{b64(png())}</file>'
    stem = '<p>{1:MULTICHOICE_V:=<img src="@@PLUGINFILE@@/a.png" alt="Stop">~Geen}</p>'
    shown, html = drawn_and_shown(stem, image)
    stored = get_image_model().objects.get()
    label = re.search(r'value="[^"]+"><span>(.*?)</span></label>', html).group(1)
    assert "<img" in label and 'alt="Stop"' in label
    assert stored.get_rendition("width-800").url in label
    listed = drawn_and_shown(stem.replace("MULTICHOICE_V", "MULTICHOICE"), image)[1]
    assert ">Stop</option>" in listed


def test_a_choice_cut_inside_a_tag_is_shown_sanitised():
    """A choice is the stem cut at "~": cut inside a link, its pieces are no longer
    the sanitised HTML they were part of."""
    stem = '<p>{1:MULTICHOICE_V:=<a href="x~y">a</a>~<b>b</b>}</p>'
    _shown, html = drawn_and_shown(stem)
    assert '<a href="x' not in html and "<b>b</b>" in html
