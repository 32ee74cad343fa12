"""The learner's path through the pages: enrol, open sections, see progress, resume."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Enrolment, LessonPage, ModulePage, SectionProgress
from courses.services import enrolment_create, section_progress_record
from tests.factories import UserFactory, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return build_course(modules=1, lessons=5, sections=1)


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def test_enrolling_needs_a_post(client, learner, course):
    url = course.url + "inschrijven/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=learner, course=course).exists()


def test_enrolling_is_protected_against_cross_site_requests(learner, course):
    csrf_client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    csrf_client.force_login(learner)
    assert csrf_client.post(course.url + "inschrijven/").status_code == 403
    assert not Enrolment.objects.exists()


def test_anonymous_enrol_goes_to_login(client, course):
    response = client.post(course.url + "inschrijven/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Enrolment.objects.exists()


def test_leaving_a_course(client, learner, course):
    enrolment_create(user=learner, course=course)
    response = client.post(course.url + "uitschrijven/", follow=True)
    assert not Enrolment.objects.exists()
    assert "Je voortgang blijft bewaard" in response.content.decode()


def test_opening_a_section_shows_where_you_are_and_records_progress(
    client, learner, course
):
    enrolment_create(user=learner, course=course)
    second = lessons_of(course)[1]

    response = client.get(second.url + "onderdeel/1/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Les 2 van 5" in html
    assert "20% voltooid" in html
    assert SectionProgress.objects.filter(user=learner, lesson=second).count() == 1


def test_percentage_rises_section_by_section(client, learner):
    course = build_course(lessons=1, sections=4)
    enrolment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    seen = []
    for number in range(1, 5):
        html = client.get(lesson.url + f"onderdeel/{number}/").content.decode()
        seen.append(next(p for p in (25, 50, 75, 100) if f"{p}% voltooid" in html))
    assert seen == [25, 50, 75, 100]


def test_lesson_viewer_links_previous_next_and_next_lesson(client, learner):
    course = build_course(lessons=2, sections=2)
    enrolment_create(user=learner, course=course)
    first, second = lessons_of(course)
    html = client.get(first.url + "onderdeel/1/").content.decode()
    assert f'href="{first.url}onderdeel/2/"' in html
    assert 'rel="prev"' not in html
    html = client.get(first.url + "onderdeel/2/").content.decode()
    assert f'href="{first.url}onderdeel/1/"' in html
    assert f'href="{second.url}"' in html  # "Volgende les"
    assert "Les verlaten" in html
    assert 'aria-current="step"' in html


def test_a_section_number_out_of_range_is_404(client, learner, course):
    enrolment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    assert client.get(lesson.url + "onderdeel/0/").status_code == 404
    assert client.get(lesson.url + "onderdeel/2/").status_code == 404
    assert not SectionProgress.objects.exists()


def test_the_lesson_opens_at_the_first_section_not_yet_seen(client, learner):
    course = build_course(lessons=1, sections=3)
    enrolment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    section_progress_record(
        user=learner, lesson=lesson, section_id=lesson.section_ids[0]
    )
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response["Location"] == lesson.url + "onderdeel/2/"


def test_lessons_need_a_login(client, course):
    lesson = lessons_of(course)[0]
    for url in (lesson.url, lesson.url + "onderdeel/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not SectionProgress.objects.exists()


def test_lessons_need_an_enrolment(client, learner, course):
    lesson = lessons_of(course)[0]
    response = client.get(lesson.url + "onderdeel/1/")
    assert response.status_code == 302
    assert response["Location"] == course.url
    assert not SectionProgress.objects.exists()


def test_module_page_marks_done_lessons(client, learner):
    course = build_course(lessons=2, sections=1)
    enrolment_create(user=learner, course=course)
    first, _second = lessons_of(course)
    section_progress_record(user=learner, lesson=first, section_id=first.section_ids[0])
    module = ModulePage.objects.child_of(course).get()
    html = client.get(module.url).content.decode()
    assert html.count("status--done") == 1
    assert "50% voltooid" in html


def test_course_page_offers_to_continue_where_you_stopped(client, learner):
    course = build_course(lessons=2, sections=2)
    enrolment_create(user=learner, course=course)
    first, _ = lessons_of(course)
    section_progress_record(user=learner, lesson=first, section_id=first.section_ids[0])
    html = client.get(course.url).content.decode()
    assert "Verdergaan waar je gestopt bent" in html
    assert f'href="{first.url}onderdeel/2/"' in html


def test_dashboard_shows_each_enrolment_with_percentage_and_next_step(client, learner):
    course = build_course(lessons=1, sections=4)
    enrolment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    section_progress_record(
        user=learner, lesson=lesson, section_id=lesson.section_ids[0]
    )
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert course.title in html
    assert "25% voltooid" in html
    assert f'href="{lesson.url}onderdeel/2/"' in html


def test_nobody_sees_another_learners_progress(client, learner):
    other = UserFactory()
    course = build_course(lessons=1, sections=2)
    enrolment_create(user=other, course=course)
    lesson = lessons_of(course)[0]
    for section_id in lesson.section_ids:
        section_progress_record(user=other, lesson=lesson, section_id=section_id)
    assert course.title not in client.get(reverse("courses:dashboard")).content.decode()
    html = client.get(course.url).content.decode()
    assert "voltooid" not in html  # not enrolled: no progress bar at all


def test_catalogue_filters_by_audience_and_level(client):
    counter = build_course()
    helpers = build_course()
    helpers.audience, helpers.level = "digihelpers", "intermediate"
    helpers.save()
    index = counter.get_parent()
    html = client.get(index.url, {"audience": "digihelpers"}).content.decode()
    assert helpers.title in html and counter.title not in html
    html = client.get(index.url, {"level": "basic"}).content.decode()
    assert counter.title in html and helpers.title not in html
    html = client.get(index.url, {"level": "nonsense"}).content.decode()
    assert counter.title in html and helpers.title in html


def page_text(html: str) -> str:
    """The page's words without tags, white space folded: what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_finished_lesson_says_so_and_labels_the_modules_percentage(client, learner):
    course = build_course(lessons=3, sections=1)
    enrolment_create(user=learner, course=course)
    first = lessons_of(course)[0]
    html = client.get(first.url + "onderdeel/1/").content.decode()
    text = page_text(html)
    assert "Je hebt deze les voltooid." in text
    # 33% is the module's, and says so, for the eye and for a screen reader.
    assert "Module: 33% voltooid" in text
    assert 'aria-labelledby="module-progress-name module-progress"' in html


def test_an_unfinished_lesson_counts_its_own_sections(client, learner):
    course = build_course(lessons=2, sections=3)
    enrolment_create(user=learner, course=course)
    first = lessons_of(course)[0]
    text = page_text(client.get(first.url + "onderdeel/2/").content.decode())
    assert "Deze les: 1 van 3 onderdelen voltooid" in text
    assert "Je hebt deze les voltooid." not in text
    assert "Module: 16% voltooid" in text
