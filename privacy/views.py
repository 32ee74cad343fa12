"""A person's own data: download it, erase the account, and the status of both."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.errors import refusal_messages

from . import services
from .forms import ErasureForm
from .models import DataExport, ErasureRequest


@never_cache
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """ "My data": the latest download with its progress, and erasing the account."""
    user = request.user
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            planned = services.erasure_request(
                user=user, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                for message in refusal_messages(error):
                    form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "Your account will be erased on %(date)s. Until then you can "
                    "change your mind here."
                )
                % {"date": planned.erase_after.strftime("%d/%m/%Y")},
            )
            return redirect("privacy:mine")
    return render(
        request,
        "privacy/mine.html",
        {
            "export": user.data_exports.first(),
            "erasure": ErasureRequest.objects.filter(user=user).first(),
            "form": form,
            "cool_off_days": settings.PRIVACY_ERASURE_COOL_OFF_DAYS,
        },
    )


@login_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    services.data_export_request(user=request.user)
    messages.success(
        request,
        _("We are preparing your data. You get a mail when it is ready."),
    )
    return redirect("privacy:mine")


def _own_export(request: HttpRequest, pk) -> DataExport:
    # Someone else's export is not found, whatever its id.
    return get_object_or_404(DataExport, pk=pk, user=request.user)


@never_cache
@login_required
def export_status(request: HttpRequest, pk) -> JsonResponse:
    """For the progress bar on "My data": status and percentage."""
    return JsonResponse(_own_export(request, pk).status_json())


@login_required
def export_download(request: HttpRequest, pk) -> HttpResponse:
    export = _own_export(request, pk)
    if not export.is_downloadable:
        return render(
            request, "privacy/export_gone.html", {"export": export}, status=410
        )
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"mijn-gegevens-{export.created_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def erasure_cancel(request: HttpRequest) -> HttpResponse:
    if services.erasure_cancel(user=request.user):
        messages.success(request, _("Your account will not be erased."))
    return redirect("privacy:mine")
