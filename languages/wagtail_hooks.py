"""The translators' report in the admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.admin_menu import PermissionMenuItem

from .views import TRANSLATORS, translation_report


@hooks.register("register_admin_urls")
def translation_report_urls():
    return [
        path("translations/", translation_report, name="languages_translations"),
    ]


@hooks.register("register_reports_menu_item")
def translation_report_menu_item():
    return PermissionMenuItem(
        _("Translations"),
        reverse("languages_translations"),
        icon_name="site",
        order=40,
        permission=TRANSLATORS,
    )
