"""The Wagtail admin of SCORM: packages and the activities lessons place."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.admin_menu import PermissionMenuItem

from . import admin_views as scorm_admin_views
from .models import ScormActivity


@hooks.register("register_admin_urls")
def scorm_admin_urls():
    return [
        path("scorm/", scorm_admin_views.package_list, name="scorm_packages"),
        path("scorm/upload/", scorm_admin_views.package_upload, name="scorm_upload"),
    ]


@hooks.register("register_admin_menu_item")
def scorm_menu_item():
    return PermissionMenuItem(
        _("SCORM packages"),
        reverse("scorm_packages"),
        icon_name="desktop",
        order=327,
        permission=scorm_admin_views.PERMISSION,
    )


class ScormActivityViewSet(SnippetViewSet):
    """Editors place a ready package in lessons as an activity (lesson block
    "SCORM")."""

    model = ScormActivity
    icon = "desktop"
    menu_label = _("SCORM activities")
    menu_order = 328
    add_to_admin_menu = True
    list_display = ["title", "package", "must_complete", "pass_required"]
    search_fields = ["title"]


register_snippet(ScormActivityViewSet)


@hooks.register("register_permissions")
def scorm_permissions():
    # Shown in the group editor: the right to upload SCORM packages (JavaScript) is
    # for a few trusted editors.
    return Permission.objects.filter(
        content_type__app_label="scorm", codename="upload_scorm"
    )
