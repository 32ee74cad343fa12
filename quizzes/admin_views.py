"""Editor views in the Wagtail admin: import a question file, export a bank."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required

from quizzes.formats import QuestionFormatError
from quizzes.importing import (
    FORMATS,
    MAX_FILE_BYTES,
    ImportRefused,
    bank_export,
    describe_unsupported,
    questions_import,
    too_large,
)
from quizzes.models import QuestionBank, TestPage
from quizzes.reports import report_csv, report_for_test, report_xlsx


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=list(FORMATS.items())
    )
    bank = forms.CharField(
        label=gettext_lazy("Question bank"),
        max_length=120,
        help_text=gettext_lazy("An existing bank's name, or a new one."),
    )
    skip_unsupported = forms.BooleanField(
        label=gettext_lazy("Skip questions of unsupported types"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked before anything is read into memory or stored.
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(too_large())
        return upload


# The report of the last import, shown once on the import page after the redirect.
REPORT_KEY = "quizzes_import_report"


@permission_required("quizzes.add_question")
def question_import(request: HttpRequest) -> HttpResponse:
    """Import a file; the page then shows what was imported, skipped and not kept."""
    problems: list[str] = []
    report = None
    if request.method == "POST":
        form = QuestionImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = questions_import(
                    bank_name=form.cleaned_data["bank"],
                    data=form.cleaned_data["file"].read(),
                    file_format=form.cleaned_data["file_format"],
                    skip_unsupported=form.cleaned_data["skip_unsupported"],
                )
            except ImportRefused as refusal:
                problems = refusal.problems
            else:
                messages.success(
                    request,
                    _(
                        "Imported %(count)s questions into “%(bank)s”; %(skipped)s skipped."
                    )
                    % {
                        "count": report.imported,
                        "bank": report.bank,
                        "skipped": len(report.skipped),
                    },
                )
                # Sentences in the user's language, kept for the page after redirect.
                request.session[REPORT_KEY] = {
                    "skipped": [describe_unsupported(item) for item in report.skipped],
                    "notes": report.notes,
                }
                return redirect("quizzes_question_import")
    else:
        form = QuestionImportForm()
        report = request.session.pop(REPORT_KEY, None)
    return TemplateResponse(
        request,
        "quizzes/admin/question_import.html",
        {
            "form": form,
            "problems": problems,
            "report": report,
            "banks": QuestionBank.objects.all(),
        },
    )


@permission_required("quizzes.view_question")
def bank_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    bank = get_object_or_404(QuestionBank, pk=pk)
    try:
        xml = bank_export(bank)
    except QuestionFormatError as error:
        messages.error(
            request, _("The bank cannot be exported: %(error)s") % {"error": error}
        )
        return redirect("quizzes_question_import")
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bank-{bank.pk}.xml"'
    return response


def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Attempts and question statistics of one test, as a page, CSV or XLSX."""
    test = get_object_or_404(TestPage, pk=pk)
    if not test.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    report = report_for_test(test)
    export = request.GET.get("format")
    if export == "csv":
        response = HttpResponse(
            report_csv(report), content_type="text/csv; charset=utf-8"
        )
    elif export == "xlsx":
        response = HttpResponse(
            report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        return TemplateResponse(
            request, "quizzes/admin/test_report.html", {"report": report}
        )
    response["Content-Disposition"] = f'attachment; filename="test-{test.pk}.{export}"'
    return response
