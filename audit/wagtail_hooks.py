"""The people log in the admin, and which models Wagtail logs into it."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.admin_menu import PermissionMenuItem
from lms.models import Membership, Team, User

from .models import AuditLogEntry
from .views import PeopleLogView

PERMISSION = "audit.view_auditlogentry"


@hooks.register("register_log_actions")
def people_log_models(actions):
    # Wagtail's own logging of these (user management, snippet edits in the admin)
    # is an admin action on people: it goes to the people log, with its address.
    for model in (User, Membership, Team):
        actions.register_model(model, AuditLogEntry)


@hooks.register("register_admin_urls")
def people_log_urls():
    return [
        path("people-log/", PeopleLogView.as_view(), name="audit_people_log"),
        path(
            "people-log/results/",
            PeopleLogView.as_view(results_only=True),
            name="audit_people_log_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def people_log_menu_item():
    return PermissionMenuItem(
        _("People log"),
        reverse("audit_people_log"),
        icon_name="history",
        order=50,
        permission=PERMISSION,
    )


@hooks.register("register_permissions")
def people_log_permission():
    # Shown in the group editor, so an admin can let a data protection officer read
    # the log without other admin rights.
    return Permission.objects.filter(
        content_type__app_label="audit", codename="view_auditlogentry"
    )
