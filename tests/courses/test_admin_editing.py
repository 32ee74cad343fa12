"""Editors work on the course tree in the Wagtail admin, with previews of lessons."""

import pytest
from django.urls import reverse

from courses.models import LessonPage, ModulePage
from tests.factories import UserFactory, build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize("model", [ModulePage, LessonPage])
def test_edit_forms_open(client, editor, model):
    course = build_course()
    page = model.objects.descendant_of(course).first()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200


def test_a_lesson_preview_shows_the_draft_without_recording_progress(editor):
    course = build_course(sections=2)
    lesson = LessonPage.objects.descendant_of(course).first()
    lesson.body = lesson.body.raw_data[::-1]  # an unsaved edit: sections swapped
    response = lesson.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Onderdeel 2" in html and "Uitleg bij onderdeel 2." in html
    assert not lesson.section_progress.exists()


@pytest.mark.parametrize(
    "url",
    [
        "wagtailsnippets_lms_organisation:list",
        "wagtailsnippets_lms_membership:list",
        "wagtailsnippets_courses_digitalservice:list",
    ],
)
def test_snippets_are_listed_in_the_admin(client, editor, url):
    assert client.get(reverse(url)).status_code == 200


def test_editors_manage_users_with_the_e_mail_login(client, editor):
    learner = UserFactory()
    assert client.get(reverse("wagtailusers_users:add")).status_code == 200
    response = client.get(reverse("wagtailusers_users:edit", args=[learner.pk]))
    assert response.status_code == 200
    assert learner.email in response.content.decode()
