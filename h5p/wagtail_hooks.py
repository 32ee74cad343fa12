"""The Wagtail admin of H5P: packages and the activities lessons place."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.admin_menu import PermissionMenuItem

from . import admin_views as h5p_admin_views
from .models import H5PActivity


@hooks.register("register_admin_urls")
def h5p_admin_urls():
    return [
        path("h5p/", h5p_admin_views.package_list, name="h5p_packages"),
        path("h5p/upload/", h5p_admin_views.package_upload, name="h5p_upload"),
    ]


@hooks.register("register_admin_menu_item")
def h5p_menu_item():
    return PermissionMenuItem(
        _("H5P packages"),
        reverse("h5p_packages"),
        icon_name="code",
        order=325,
        permission=h5p_admin_views.PERMISSION,
    )


class H5PActivityViewSet(SnippetViewSet):
    """Editors place a ready package in lessons as an activity (lesson block "H5P")."""

    model = H5PActivity
    icon = "code"
    menu_label = _("H5P activities")
    menu_order = 326
    add_to_admin_menu = True
    list_display = ["title", "package", "must_complete", "pass_required"]
    search_fields = ["title"]


register_snippet(H5PActivityViewSet)


@hooks.register("register_permissions")
def h5p_permissions():
    # Shown in the group editor: the right to upload H5P packages (JavaScript) is
    # for a few trusted editors.
    return Permission.objects.filter(
        content_type__app_label="h5p", codename="upload_h5p"
    )
