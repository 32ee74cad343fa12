"""The coordinator's progress view, its CSV and XLSX exports, one member's progress
and the organisation's summary. Each page reads one organisation the user
coordinates (404 otherwise) and only that organisation's members."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from audit.services import audit_record
from lms.models import Organisation, Team

from .. import exports, reports
from ..models import ProgressExport
from ..selectors import (
    Cell,
    MemberRow,
    Status,
    Target,
    members_filtered,
    members_of,
    progress_table,
)
from .common import coordinated

MEMBERS_PER_PAGE = 100

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ProgressFilterForm(forms.Form):
    """The progress view's filters, read from the query string. A value that is not
    valid (a team of another organisation, an unknown status) is ignored and the
    form says so; the others still apply."""

    SORTS = [
        ("name", _("Name")),
        ("progress", _("Progress (least first)")),
        ("status", _("Status (overdue first)")),
    ]

    search = forms.CharField(
        label=_("Name or e-mail"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("All teams"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Status.choices],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = organisation.teams.order_by("name")

    def filters(self) -> dict[str, Any]:
        """The keyword arguments for `progress_table`: the valid values only."""
        if not self.is_bound:
            return {"team": None, "status": "", "search": "", "sort": "name"}
        self.is_valid()
        data = self.cleaned_data
        return {
            "team": data.get("team"),
            "status": data.get("status") or "",
            "search": (data.get("search") or "").strip(),
            "sort": data.get("sort") or "name",
        }


def _date_field(label) -> forms.DateField:
    # A date input sends and shows ISO dates, whatever the page's language.
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PeriodForm(forms.Form):
    """The period of the summary's certificate count; the current year by default."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `?from=…&until=…` reads best in the address bar, but "from" is a Python
        # keyword, so the fields cannot be declared as class attributes.
        self.fields = {"from": _date_field(_("From")), "until": _date_field(_("Until"))}

    def period(self, today: date) -> tuple[date, date]:
        """The period asked for (from 1 January to 31 December of this year where a
        date is missing or not valid), earliest date first."""
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        if self.is_bound:
            self.is_valid()
            start = self.cleaned_data.get("from") or start
            end = self.cleaned_data.get("until") or end
        if end < start:
            start, end = end, start
        return start, end


def _filter_form(request: HttpRequest, organisation: Organisation):
    # Only the filter fields make the form bound: `?page=2` alone is no filtering.
    bound = any(name in request.GET for name in ProgressFilterForm.base_fields)
    return ProgressFilterForm(request.GET if bound else None, organisation=organisation)


def _cells(targets: list[Target], row: MemberRow) -> list[tuple[Target, Cell | None]]:
    return list(zip(targets, row.cells_in(targets), strict=True))


@login_required
def progress_view(request: HttpRequest, org: int) -> HttpResponse:
    """Members × assigned courses and modules, 100 members a page, with filters.

    Sorted by name and without a status filter only the members of the page are
    judged; the other sorts and the status filter need every member's status first.
    """
    organisation = coordinated(request, org)
    form = _filter_form(request, organisation)
    filters = form.filters()
    if filters["status"] or filters["sort"] != "name":
        table = progress_table(organisation, **filters)
        page = Paginator(table.rows, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
        rows = page.object_list
    else:
        members = members_filtered(
            organisation, team=filters["team"], search=filters["search"]
        )
        page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
        table = progress_table(organisation, memberships=list(page.object_list))
        rows = table.rows
    return render(
        request,
        "coordination/progress.html",
        {
            "organisation": organisation,
            "form": form,
            "table": table,
            "page": page,
            "lines": [(row, _cells(table.targets, row)) for row in rows],
            "filtered": any(filters[k] for k in ("team", "status", "search")),
            "in_background": exports.export_in_background(page.paginator.count),
        },
    )


@login_required
def progress_export(request: HttpRequest, org: int, fmt: str) -> HttpResponse:
    """The progress view as CSV or XLSX, with its filters and sort, every member.
    More members than COORDINATION_EXPORT_INLINE_MAX: a page that asks for it to be
    prepared in the background (POST), then follows its progress."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    organisation = coordinated(request, org)
    filters = _filter_form(request, organisation).filters()
    count = members_filtered(
        organisation, team=filters["team"], search=filters["search"]
    ).count()
    if exports.export_in_background(count):
        if request.method == "POST":
            export = exports.progress_export_request(
                organisation=organisation, by=request.user, fmt=fmt,
                filters=filters, members=count,
            )  # fmt: skip
            return redirect("coordination:export_detail", organisation.pk, export.pk)
        return render(
            request,
            "coordination/export_prepare.html",
            {"organisation": organisation, "fmt": fmt, "members": count},
        )
    table = progress_table(organisation, **filters)
    response = HttpResponse(
        reports.progress_file(table, fmt),
        content_type=CONTENT_TYPES[fmt],
    )
    filename = reports.export_filename(organisation, fmt, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_record(
        action="coordination.export",
        instance=organisation,
        by=request.user,
        data={"format": fmt, "members": len(table.rows)},
    )
    return response


def _own_export(request: HttpRequest, org: int, pk) -> ProgressExport:
    # Another coordinator's export, or one of another organisation, is not found.
    return get_object_or_404(
        ProgressExport.objects.select_related("organisation"),
        pk=pk,
        organisation=coordinated(request, org),
        requested_by=request.user,
    )


@login_required
def export_detail(request: HttpRequest, org: int, pk) -> HttpResponse:
    """A background export: its progress bar, then its download link."""
    export = _own_export(request, org, pk)
    return render(
        request,
        "coordination/export_detail.html",
        {"organisation": export.organisation, "export": export},
    )


@never_cache
@login_required
def export_status(request: HttpRequest, org: int, pk) -> JsonResponse:
    """For the progress bar: status and percentage."""
    return JsonResponse(_own_export(request, org, pk).status_json())


@login_required
def export_download(request: HttpRequest, org: int, pk) -> HttpResponse:
    export = _own_export(request, org, pk)
    if not export.is_downloadable:  # not ready yet, failed or expired: it says so
        return redirect("coordination:export_detail", org, export.pk)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=reports.export_filename(
            export.organisation, export.format, timezone.localdate(export.created_at)
        ),
        content_type=CONTENT_TYPES[export.format],
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def member_detail(request: HttpRequest, org: int, pk: int) -> HttpResponse:
    """One member's assignments, modules, test results and certificates. A membership
    of another organisation is not found here."""
    organisation = coordinated(request, org)
    membership = get_object_or_404(members_of(organisation), pk=pk)
    return render(
        request,
        "coordination/member_detail.html",
        {
            "organisation": organisation,
            "report": reports.member_report(organisation, membership),
        },
    )


@login_required
def summary(request: HttpRequest, org: int) -> HttpResponse:
    """Enrolment, completion per team and certificates issued in a period, as tables
    with a bar chart beside each."""
    organisation = coordinated(request, org)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = form.period(today)
    figures = reports.summary_figures(organisation, start=start, end=end)
    whole = figures.completion[0]
    charts = {
        "enrolment": reports.bar_chart(
            [
                (f.target.title, f.enrolled.percent, f"{f.enrolled.percent}%")
                for f in figures.enrolment
            ],
            maximum=100,
        ),
        "completion": reports.bar_chart(
            [
                (target.title, cell.percent, f"{cell.percent}%")
                for target, cell in zip(figures.targets, whole.cells, strict=True)
                if cell is not None
            ],
            maximum=100,
        ),
        "certificates": reports.bar_chart(
            [(f.course_title, f.total, str(f.total)) for f in figures.certificates],
            maximum=max((f.total for f in figures.certificates), default=0),
        ),
    }
    if not form.is_bound:
        form = PeriodForm(initial={"from": start, "until": end})
    return render(
        request,
        "coordination/summary.html",
        {
            "organisation": organisation,
            "form": form,
            "figures": figures,
            "completion": [
                (row, list(zip(figures.targets, row.cells, strict=True)))
                for row in figures.completion
            ],
            "charts": charts,
        },
    )
