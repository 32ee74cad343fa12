"""The Wagtail admin of forums: community forums and moderation."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.admin_menu import PermissionMenuItem

from . import admin_views as forum_admin_views
from .models import Forum
from .selectors import module_forums


@hooks.register("module_page_context")
def module_forum(request, module) -> dict:
    """A module page links to the module's forum."""
    return {"forum": module_forums([module.pk]).get(module.pk)}


class ForumViewSet(SnippetViewSet):
    """Community forums are made here; module forums appear with their module."""

    model = Forum
    icon = "group"
    menu_label = _("Forums")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["title", "audience", "course", "module"]
    list_filter = ["audience"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("audience"),
        FieldPanel("organisation"),
        FieldPanel("course"),
        FieldPanel("position"),
    ]


register_snippet(ForumViewSet)


@hooks.register("register_admin_urls")
def forum_admin_urls():
    return [
        path(
            "forum-moderation/",
            forum_admin_views.moderation_queue,
            name="forums_moderation_queue",
        ),
        path(
            "forum-moderation/<int:pk>/",
            forum_admin_views.moderation_decide,
            name="forums_moderation_decide",
        ),
        path(
            "forum-moderation/log/",
            forum_admin_views.moderation_log,
            name="forums_moderation_log",
        ),
    ]


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return PermissionMenuItem(
        _("Forum moderation"),
        reverse("forums_moderation_queue"),
        icon_name="warning",
        order=331,
        permission=forum_admin_views.PERMISSION,
    )


@hooks.register("register_permissions")
def forum_permissions():
    # Shown in the group editor, so an admin can make a group of moderators.
    return Permission.objects.filter(
        content_type__app_label="forums", codename="moderate_forum"
    )
