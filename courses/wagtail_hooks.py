"""Snippets in the Wagtail admin: digital services and the question banks."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DigitalService, Question, QuestionBank, QuestionCategory


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
