"""The demo's SCORM lesson: in Dutch and French, each language with its own package,
ready to play for the demo learner once enrolled; loading again adds none."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from courses.demo import ACCOUNTS
from courses.models import LessonPage
from courses.services import enrolment_create
from lms.models import User
from scorm.models import ScormActivity, ScormPackage
from tests.conftest import content_locales_ensure

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_has_a_scorm_lesson_for_the_demo_learner(settings):
    settings.DEBUG = True  # load_demo runs only in development
    content_locales_ensure()
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # idempotent
    dutch = LessonPage.objects.get(slug="oefenpakket-csam", locale__language_code="nl")
    french = dutch.get_translation(
        dutch.get_translations().get(locale__language_code="fr").locale
    )
    activities = {}
    for lesson in (dutch, french):
        blocks = [
            item
            for section in lesson.body.raw_data
            for item in section["value"]["content"]
            if item["type"] == "scorm"
        ]
        assert len(blocks) == 1
        activities[lesson.locale.language_code] = ScormActivity.objects.get(
            pk=blocks[0]["value"]
        )
    assert activities["nl"].package.title == "Oefenpakket: veilig aanmelden"
    assert activities["fr"].package.scos[1]["title"] == "Ton code est à toi"
    assert ScormActivity.objects.count() == 2
    assert set(ScormPackage.objects.values_list("status", flat=True)) == {"ready"}
    # The demo learner enrols from the catalogue and plays it.
    learner = User.objects.get(email=ACCOUNTS[0].email)
    enrolment_create(user=learner, course=dutch.get_parent().get_parent().specific)
    client = Client(HTTP_HOST="localhost")
    client.force_login(learner)
    html = client.get(dutch.url + "onderdeel/1/").content.decode()
    assert "scorm-activity__frame" in html
