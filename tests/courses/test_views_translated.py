"""One learner, one progress: a course read in French keeps its facts on the Dutch
(source) pages, so switching language mid-lesson loses nothing."""

import re

import pytest
from wagtail.models import Locale

from courses.models import (
    Enrolment,
    LessonPage,
    ModuleCompletion,
    ModulePage,
    SectionProgress,
)
from home.services import home_page_ensure
from tests.factories import UserFactory, build_course, translate_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = build_course(modules=1, lessons=2, sections=3)
    translate_tree(home_page_ensure())
    return course


def in_french(page):
    return page.get_translation(Locale.objects.get(language_code="fr")).specific


@pytest.fixture
def learner(client):
    user = UserFactory(preferred_language="fr")
    client.force_login(user)
    return user


def percent(html: str, id_: str) -> str:
    return re.search(rf'id="{id_}" class="progress__label">(\d+)%', html).group(1)


def test_enrolling_in_the_french_course_enrols_in_the_course(client, learner, course):
    response = client.post(in_french(course).url + "inschrijven/")
    assert response["Location"] == in_french(course).url
    assert Enrolment.objects.get(user=learner).course_id == course.pk


def test_a_learner_continues_in_french_where_they_stopped_in_dutch(
    client, learner, course
):
    client.post(course.url + "inschrijven/")
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    for number in (1, 2):
        assert client.get(lesson.section_url(number)).status_code == 200

    french = in_french(lesson)
    response = client.get(french.url)
    assert response["Location"] == french.section_url(3)
    html = client.get(french.section_url(3)).content.decode()
    # The French sections: two read in Dutch, the third now.
    assert html.count('class="is-done"') == 3
    assert '<h2 id="section-title">FR Onderdeel 3</h2>' in html
    # Read in French, recorded on the Dutch lesson: the same section.
    assert set(
        SectionProgress.objects.filter(user=learner).values_list("lesson_id", flat=True)
    ) == {lesson.pk}
    assert SectionProgress.objects.filter(user=learner).count() == 3

    module = ModulePage.objects.descendant_of(course).get()
    dutch = client.get(module.url).content.decode()
    french_html = client.get(in_french(module).url).content.decode()
    assert percent(dutch, "module-progress") == percent(french_html, "module-progress")
    assert percent(dutch, "module-progress") == "50"
    assert in_french(lesson).url in french_html  # its lessons link to the French ones


def test_finishing_the_module_in_french_completes_the_dutch_module(
    client, learner, course
):
    client.post(in_french(course).url + "inschrijven/")
    for lesson in LessonPage.objects.descendant_of(course).order_by("path"):
        french = in_french(lesson)
        for number in (1, 2, 3):
            assert client.get(french.section_url(number)).status_code == 200
    module = ModulePage.objects.descendant_of(course).get()
    assert ModuleCompletion.objects.filter(user=learner, module=module).exists()


def test_a_french_lesson_is_for_the_enrolled_only(client, learner, course):
    lesson = in_french(LessonPage.objects.descendant_of(course).first())
    response = client.get(lesson.section_url(1))
    assert response["Location"] == in_french(course).url
    assert not SectionProgress.objects.exists()
