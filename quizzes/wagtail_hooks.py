"""The Wagtail admin of tests: question banks, import and export, test reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.selectors import enrolled_in_their_course
from home.selectors import ViewerRule
from lms.admin_menu import PermissionMenuItem

from . import admin_views
from .models import Question, QuestionBank, QuestionCategory, TestPage


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    list_display = ["name"]
    search_fields = ["name"]


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder"
    list_display = ["name", "bank"]
    list_filter = ["bank"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["name", "type", "category", "updated_at"]
    list_filter = ["bank", "type", "category"]
    search_fields = ["name", "stem"]


class QuestionsGroup(SnippetViewSetGroup):
    menu_label = _("Question banks")
    menu_icon = "help"
    menu_order = 320
    items = (QuestionViewSet, QuestionCategoryViewSet, QuestionBankViewSet)


register_snippet(QuestionsGroup)


@hooks.register("register_admin_urls")
def question_admin_urls():
    return [
        path(
            "questions/import/",
            admin_views.question_import,
            name="quizzes_question_import",
        ),
        path(
            "tests/<int:pk>/report/",
            admin_views.report_view,
            name="quizzes_test_report",
        ),
        path(
            "questions/bank/<int:pk>/export/",
            admin_views.bank_export_view,
            name="quizzes_bank_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def question_import_menu_item():
    return PermissionMenuItem(
        _("Import questions"),
        reverse("quizzes_question_import"),
        icon_name="upload",
        order=321,
        permission="quizzes.add_question",
    )


@hooks.register("register_page_listing_more_buttons")
def test_report_button(page, user, next_url=None):
    if page.specific_class is TestPage:
        yield Button(
            _("Report"),
            reverse("quizzes_test_report", args=[page.pk]),
            icon_name="table",
            priority=5,
        )


def learners_of_questions(user, questions) -> bool:
    """A question's documents (imported from a Moodle bank) are for the learners of
    the live tests that draw from its bank."""
    tests = TestPage.objects.live().filter(bank__questions__in=questions)
    return enrolled_in_their_course(user, tests)


@hooks.register("register_viewer_rules")
def test_page_viewers() -> dict[type, ViewerRule]:
    """The documents a test or its questions use are for the learners enrolled in
    its course."""
    return {TestPage: enrolled_in_their_course, Question: learners_of_questions}
