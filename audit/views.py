"""The people log in the Wagtail admin: every action on people, filterable, with the
address it came from, and downloadable as CSV or XLSX."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import registry as log_actions
from wagtail.permission_policies import ModelPermissionPolicy

from lms.models import Organisation, User

from .models import AuditLogEntry


def _actions(request) -> list[tuple[str, str]]:
    used = AuditLogEntry.objects.all().get_actions()
    return [choice for choice in log_actions.get_choices() if choice[0] in used]


class PeopleLogFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=[])
    user = django_filters.ModelChoiceFilter(
        label=_("Done by"),
        queryset=lambda request: User.objects.filter(
            pk__in=AuditLogEntry.objects.all().get_user_ids()
        ),
    )
    label = django_filters.CharFilter(label=_("About"), lookup_expr="icontains")
    timestamp = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AuditLogEntry
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["action"].extra["choices"] = _actions(self.request)


class PeopleLogView(ReportView):
    page_title = _("People log")
    header_icon = "history"
    model = AuditLogEntry
    filterset_class = PeopleLogFilterSet
    index_url_name = "audit_people_log"
    index_results_url_name = "audit_people_log_results"
    permission_policy = ModelPermissionPolicy(AuditLogEntry)
    permission_required = "view"
    columns = [
        DateColumn("timestamp", label=_("When")),
        Column("actor", label=_("Done by")),
        Column("message", label=_("What")),
        Column("about", label=_("About")),
        Column("organisation", label=_("Organisation")),
        Column("ip_address", label=_("From address")),
    ]
    list_export = [
        "timestamp",
        "actor",
        "message",
        "about",
        "organisation",
        "ip_address",
    ]
    export_headings = {
        "timestamp": _("When"),
        "actor": _("Done by"),
        "message": _("What"),
        "about": _("About"),
        "organisation": _("Organisation"),
        "ip_address": _("From address"),
    }

    def get_base_queryset(self):
        return AuditLogEntry.objects.select_related("user", "organisation")

    def get_filename(self) -> str:
        return "people-log"
