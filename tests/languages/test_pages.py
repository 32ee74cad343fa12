"""Pages in Dutch and French: URLs with the language, the switch to the same page,
the Dutch page (with a notice) where no translation exists, hreflang alternates."""

import re

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from courses.models import LessonPage
from forums.models import Forum
from home.services import home_page_ensure
from tests.factories import UserFactory, build_course, translate_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return build_course(modules=1, lessons=2, sections=3)


@pytest.fixture
def french_course(course):
    translate_tree(home_page_ensure())
    return course.get_translation(_locale("fr"))


def _locale(code):
    return Locale.objects.get(language_code=code)


def visitor(language="nl"):
    return Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language)


def switch(client, language, next_url):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_a_translated_tree_is_a_tree(course, french_course):
    """Translated top-down in one transaction, each page still knows its children
    (menus and lists walk the tree)."""
    home = home_page_ensure()
    french_home = home.get_translation(_locale("fr"))
    assert french_home.get_children().count() == home.get_children().count()
    assert french_course.get_children().count() == course.get_children().count()


def test_pages_carry_their_language_in_the_url(course, french_course):
    assert course.url.startswith("/nl/")
    assert french_course.url.startswith("/fr/")
    response = visitor().get(french_course.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert f"<h1>FR {course.title}</h1>" in html


def test_an_address_from_before_the_languages_goes_to_the_visitors_language(
    course, french_course
):
    old = course.url.removeprefix("/nl")
    assert visitor("nl").get(old)["Location"] == course.url
    # The same path in French: the French course has the Dutch slugs.
    assert visitor("fr").get(old)["Location"] == "/fr" + old


def test_the_switch_goes_to_the_same_page_and_section_in_the_other_language(
    course, french_course
):
    lesson = LessonPage.objects.descendant_of(course).first()
    french_lesson = lesson.get_translation(_locale("fr"))
    client = visitor()
    response = switch(client, "fr", lesson.url + "onderdeel/2/?x=1")
    assert response["Location"] == french_lesson.url + "onderdeel/2/?x=1"
    response = switch(client, "nl", french_course.url)
    assert response["Location"] == course.url


def test_a_page_without_translation_is_shown_in_dutch_with_a_notice(course):
    translate_tree(home_page_ensure().specific)  # home and everything below ...
    untranslated = build_course(modules=1, lessons=1)  # ... but not this course
    client = visitor("fr")
    response = switch(client, "fr", untranslated.url)
    assert response["Location"] == "/fr" + untranslated.url.removeprefix("/nl")
    response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cette page n’a pas encore été traduite" in html
    assert '<div lang="nl">' in html
    assert f"<h1>{untranslated.title}</h1>" in html


def test_search_engines_get_every_language_version(course, french_course):
    html = visitor().get(course.url).content.decode()
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html)
    )
    assert alternates == {
        "fr": "http://localhost" + french_course.url,
        "nl": "http://localhost" + course.url,
    }


def test_links_from_a_page_not_yet_translated_keep_the_readers_language(course):
    translate_tree(home_page_ensure().specific)
    untranslated = build_course(modules=1, lessons=1)
    module = untranslated.get_children().first()
    html = (
        visitor("fr").get("/fr" + untranslated.url.removeprefix("/nl")).content.decode()
    )
    assert 'href="/fr' + module.url.removeprefix("/nl") + '"' in html
    assert f'href="{module.url}"' not in html


def test_a_translated_module_shares_the_forum_of_its_dutch_module(course):
    module = course.get_children().first()
    translate_tree(home_page_ensure())
    french = module.get_translation(_locale("fr"))
    assert not Forum.objects.filter(module=french).exists()
    assert Forum.objects.filter(module=module).exists()


def test_translating_a_course_with_its_subpages_in_the_admin_makes_drafts(
    client, course, django_capture_on_commit_callbacks
):
    """What an editor does: Translate, French, include subpages. The translations wait
    as drafts (the site shows Dutch with the notice) and form a sound tree."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    home = home_page_ensure()
    french, _ = Locale.objects.get_or_create(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/localize/submit/page/{home.pk}/",
            {"locales": [french.pk], "include_subtree": "on"},
        )
    assert response.status_code == 302
    french_home = home.get_translation(french)
    assert french_home.get_children().count() == home.get_children().count()
    translated = Page.objects.filter(locale=french)
    assert translated.count() == home.get_descendants(inclusive=True).count()
    assert not translated.filter(live=True).exists()
    response = visitor("fr").get("/fr" + course.url.removeprefix("/nl"))
    assert "Cette page n’a pas encore été traduite" in response.content.decode()
