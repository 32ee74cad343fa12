"""SCORM packages in the Wagtail admin: the list with each package's state, and the
upload form. Uploading needs its own permission: a package carries JavaScript that
runs for learners."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required

from scorm.models import ScormPackage
from scorm.services import PackageRefused, package_import

PERMISSION = "scorm.upload_scorm"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("SCORM package (.zip)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )
    title = forms.CharField(
        label=gettext_lazy("Title (optional)"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Empty: the title inside the package."),
    )


@permission_required(PERMISSION)
def package_list(request):
    """Every package with its state: being unpacked, ready, or failed and why."""
    page = Paginator(ScormPackage.objects.select_related("uploaded_by"), 50).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(request, "scorm/admin/scorm_packages.html", {"page": page})


@permission_required(PERMISSION)
def package_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    refused: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            package, created = package_import(
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                user=request.user,
            )
        except PackageRefused as error:
            refused = error.problems
        else:
            if created:
                messages.success(
                    request,
                    _("“%(title)s” is checked and being unpacked.")
                    % {"title": package.title},
                )
            else:
                messages.info(
                    request,
                    _("This file was uploaded before, as “%(title)s”.")
                    % {"title": package.title},
                )
            return redirect("scorm_packages")
    return TemplateResponse(
        request,
        "scorm/admin/scorm_upload.html",
        {"form": form, "refused": refused},
        status=400 if refused else 200,
    )
