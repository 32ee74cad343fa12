"""Every kind of lesson content renders as a learner and a screen reader need it."""

import uuid

import pytest
import wagtail_factories
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from courses.services import enrolment_create
from tests.factories import LessonPageFactory, UserFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=abc123"


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


@pytest.fixture
def lesson_html(client, tmp_path):
    image = wagtail_factories.ImageFactory(title="Scherm van CSAM")
    document = get_document_model().objects.create(
        title="Stappenplan itsme",
        file=wagtail_factories.DocumentFactory.build().file,
    )
    # A stored embed stands in for YouTube's oEmbed answer: the machine has no internet.
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL, None),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abc123"></iframe>',
    )
    content = [
        block("text", "<p>Gewone uitleg met <b>vet</b>.</p>"),
        block(
            "image",
            {"image": image.pk, "decorative": False, "alt_text": "Het aanmeldscherm"},
        ),
        block(
            "video",
            {
                "video": VIDEO_URL,
                "title": "Uitleg over CSAM",
                "transcript": "Wat je hoort.",
            },
        ),
        block(
            "callout", {"kind": "warning", "text": "<p>Vraag nooit een pincode.</p>"}
        ),
        block(
            "steps",
            {"title": "Probeer het zelf", "steps": [block("item", "Open de app.")]},
        ),
        block("document", {"document": document.pk, "description": "Om af te drukken"}),
    ]
    body = [block("section", {"title": "Alles samen", "content": content})]
    lesson = LessonPageFactory(body=body)
    user = UserFactory()
    enrolment_create(user=user, course=lesson.get_parent().get_parent().specific)
    client.force_login(user)
    response = client.get(lesson.url + "onderdeel/1/")
    assert response.status_code == 200
    return response.content.decode()


def test_text_and_image_with_alt_text(lesson_html):
    assert "Gewone uitleg met <b>vet</b>." in lesson_html
    assert 'alt="Het aanmeldscherm"' in lesson_html


def test_video_has_a_title_and_a_transcript(lesson_html):
    assert "<figcaption>Uitleg over CSAM</figcaption>" in lesson_html
    assert "youtube-nocookie.com/embed/abc123" in lesson_html
    assert "Wat je hoort." in lesson_html


def test_warning_is_announced_as_a_warning(lesson_html):
    assert 'aria-label="Let op"' in lesson_html
    assert "Vraag nooit een pincode." in lesson_html


def test_steps_and_download(lesson_html):
    assert "<li>Open de app.</li>" in lesson_html
    assert "Stappenplan itsme" in lesson_html
    assert "Om af te drukken" in lesson_html
