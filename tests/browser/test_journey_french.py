"""The demo's French-speaking learner ("apprenant") follows Connectoo in French: from
the French home page and catalogue through module 0 section by section, a switch to
Dutch in the middle of a lesson and back without losing the place, the module test
in French, the final evaluation (not translated yet: the Dutch page, with the
notice, in a French interface) and the certificate. axe checks the French pages."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Locale

from certificates.models import Certificate
from courses.demo import DEMO_PASSWORD
from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import section_progress_record
from forums.models import Forum
from lms.models import User
from quizzes.demo import demo_pass_test
from quizzes.models import Attempt
from quizzes.models import TestPage as QuizPage
from tests.factories import ThreadFactory

from .conftest import assert_accessible, log_in
from .test_journey_quiz import answer_everything_right

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def the_rest_done_before(learner: User, course: CoursePage, first: ModulePage) -> None:
    """Modules 1 to 5 read, passed and (CSAM) posted in: done in Dutch, earlier."""
    for lesson in LessonPage.objects.live().descendant_of(course):
        if not lesson.path.startswith(first.path):
            for section_id in lesson.section_ids:
                section_progress_record(
                    user=learner, lesson=lesson, section_id=section_id
                )
    for test in (
        QuizPage.objects.live().descendant_of(course).filter(depth=course.depth + 2)
    ):
        if not test.path.startswith(first.path):
            demo_pass_test(learner, test)
    for forum in Forum.objects.filter(module__requires_forum_post=True, course=course):
        ThreadFactory(forum=forum, author=learner)


def take_the_test(page, learner: User, test: QuizPage) -> None:
    page.get_by_role("button", name="Commencer le test").click()
    expect(page.get_by_text("Question 1 sur")).to_be_visible()
    assert_accessible(page, f"attempt {test.title}")
    answer_everything_right(page, Attempt.objects.get(user=learner, test=test))
    page.get_by_role("button", name="Remettre").click()
    expect(page.get_by_text("Réussi").first).to_be_visible()


def test_in_french_from_the_catalogue_to_the_certificate(page, settings):
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    learner = User.objects.get(email="apprenant@demo.digitaalmeedoen.be")
    course = CoursePage.objects.get(slug="connectoo", locale__language_code="nl")
    first = ModulePage.objects.child_of(course).order_by("path").first()
    the_rest_done_before(learner, course, first)
    french = Locale.objects.get(language_code="fr")

    log_in(page, learner, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Mon parcours")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/fr/$"))
    assert_accessible(page, "home (fr)")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Formations"
    ).click()
    assert_accessible(page, "catalogue (fr)")
    page.get_by_role("link", name="Connectoo", exact=True).click()
    assert_accessible(page, "course (fr)")
    page.get_by_role("link", name=re.compile("^Module 0")).click()
    assert_accessible(page, "module (fr)")
    page.get_by_role("link", name="Commencer").click()
    expect(page.get_by_text("Leçon 1 sur 4")).to_be_visible()
    assert_accessible(page, "lesson (fr)")
    page.get_by_role("link", name=re.compile("^Suivant")).first.click()
    expect(page).to_have_url(re.compile(r"/fr/.+/onderdeel/2/$"))

    # To Dutch in the middle of the lesson: the same section; one more; back.
    page.get_by_role("button", name="Nederlands").click()
    expect(page).to_have_url(re.compile(r"/nl/.+/onderdeel/2/$"))
    expect(page.get_by_text("Les 1 van 4")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Volgende")).first.click()
    page.get_by_role("button", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/.+/onderdeel/3/$"))
    expect(page.locator("li.is-done")).to_have_count(3)  # read in both languages

    # The rest of module 0 in French, then its test.
    for lesson in LessonPage.objects.child_of(first).order_by("path")[1:]:
        translated = lesson.get_translation(french)
        for number in range(1, len(lesson.section_ids) + 1):
            page.goto(translated.section_url(number))
    module_test = QuizPage.objects.child_of(first).get()
    page.goto(module_test.get_translation(french).url)
    expect(page.get_by_role("heading", name="Test du module 0")).to_be_visible()
    assert_accessible(page, "test (fr)")
    take_the_test(page, learner, module_test)

    # The final evaluation has no translation yet: Dutch, with the notice.
    final = QuizPage.objects.child_of(course).get()
    page.goto(course.get_translation(french).url)
    page.get_by_role("link", name=final.title).click()
    expect(page.get_by_text("Cette page n’a pas encore été traduite")).to_be_visible()
    assert_accessible(page, "final evaluation (nl, French interface)")
    take_the_test(page, learner, final)

    certificate = Certificate.objects.get(user=learner, course=course)
    page.goto("/mijn-certificaten/")
    expect(page.get_by_role("heading", name="Mes certificats")).to_be_visible()
    expect(page.get_by_text("Connectoo").first).to_be_visible()
    assert_accessible(page, "certificates (fr)")
    assert certificate.status == Certificate.Status.VALID
