"""Snippets in the Wagtail admin: digital services and the question banks."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DigitalService, Question, QuestionBank, QuestionCategory, TestPage
from .quizzes import admin_views


class DigitalServiceViewSet(SnippetViewSet):
    model = DigitalService
    icon = "site"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "website"]
    search_fields = ["name"]


register_snippet(DigitalServiceViewSet)


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
            name="courses_question_import",
        ),
        path(
            "tests/<int:pk>/report/",
            admin_views.report_view,
            name="courses_test_report",
        ),
        path(
            "questions/bank/<int:pk>/export/",
            admin_views.bank_export_view,
            name="courses_bank_export",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("courses.add_question")


@hooks.register("register_admin_menu_item")
def question_import_menu_item():
    return ImportMenuItem(
        _("Import questions"),
        reverse("courses_question_import"),
        icon_name="upload",
        order=321,
    )


@hooks.register("register_page_listing_more_buttons")
def test_report_button(page, user, next_url=None):
    if page.specific_class is TestPage:
        yield Button(
            _("Report"),
            reverse("courses_test_report", args=[page.pk]),
            icon_name="table",
            priority=5,
        )
