"""The Wagtail admin of training: kit downloads, sessions and requests."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.selectors import ViewerRule

from .kits import admin_views as kit_admin_views
from .kits.selectors import kit_may_open_any, kits_of_course
from .models import TrainerKitPage, TrainingRequest, TrainingSession
from .sessions.selectors import sessions_of_course


@hooks.register("course_page_context")
def course_kits_and_sessions(request, course) -> dict:
    """A course page lists its kits and upcoming sessions."""
    return {
        "kits": kits_of_course(course, request.user),
        "sessions": sessions_of_course(request.user, course),
    }


@hooks.register("register_viewer_rules")
def kit_page_viewers() -> dict[type, ViewerRule]:
    """A kit's materials are for whoever may open the kit."""
    return {TrainerKitPage: kit_may_open_any}


@hooks.register("register_admin_urls")
def kit_admin_urls():
    return [
        path(
            "kits/<int:pk>/downloads/",
            kit_admin_views.kit_downloads,
            name="training_kit_downloads",
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def kit_downloads_button(page, user, next_url=None):
    if page.specific_class is TrainerKitPage:
        yield Button(
            _("Downloads"),
            reverse("training_kit_downloads", args=[page.pk]),
            icon_name="download",
            priority=5,
        )


class TrainingSessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = _("Training sessions")
    list_display = ["title", "kind", "starts_at", "status", "capacity", "minimum"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


class TrainingRequestViewSet(SnippetViewSet):
    model = TrainingRequest
    icon = "mail"
    menu_label = _("Training requests")
    list_display = ["organisation", "participants", "earliest", "latest", "handled"]
    list_filter = ["handled"]


class SessionsGroup(SnippetViewSetGroup):
    menu_label = _("Sessions")
    menu_icon = "date"
    menu_order = 340
    items = (TrainingSessionViewSet, TrainingRequestViewSet)


register_snippet(SessionsGroup)
