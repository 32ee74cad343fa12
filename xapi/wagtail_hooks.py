"""The learning records report in the admin (Reports → Learning records)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import learning_records


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def learning_records_urls():
    return [
        path("learning-records/", learning_records, name="xapi_learning_records"),
    ]


@hooks.register("register_reports_menu_item")
def learning_records_menu_item():
    return SuperuserMenuItem(
        _("Learning records"),
        reverse("xapi_learning_records"),
        icon_name="doc-full",
        order=60,
    )
