"""H5P packages in the Wagtail admin: the list with each package's state, and the
upload form. Uploading needs its own permission: a package carries JavaScript."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required

from h5p.models import H5PPackage
from h5p.services import PackageRefused, package_import

PERMISSION = "h5p.upload_h5p"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("H5P file (.h5p)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p"}),
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
    page = Paginator(H5PPackage.objects.select_related("uploaded_by"), 50).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request, "h5p/admin/h5p_packages.html", {"page": page, "form": UploadForm()}
    )


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
            return redirect("h5p_packages")
    return TemplateResponse(
        request,
        "h5p/admin/h5p_upload.html",
        {"form": form, "refused": refused},
        status=400 if refused else 200,
    )
