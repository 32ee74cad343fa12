"""The operators' report of the learning records in the Wagtail admin (Reports →
Learning records): what waits for the LRS, what failed and why. Superusers only: it
says how the platform's LRS is configured and shows the statements' errors."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import outbox


@require_http_methods(["GET", "POST"])
def learning_records(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        if not outbox.enabled():
            messages.error(request, _("No LRS is configured."))
        elif outbox.send_soon():
            messages.success(
                request, _("The waiting learning records are being sent to the LRS.")
            )
        else:
            messages.warning(
                request,
                _(
                    "The task queue cannot be reached: the learning records are "
                    "sent within a minute once it is back."
                ),
            )
        return redirect("xapi_learning_records")
    return render(
        request,
        "xapi/admin/learning_records.html",
        {
            "enabled": outbox.enabled(),
            "endpoint": settings.LRS_ENDPOINT,
            "status": outbox.status(),
            "problems": outbox.problems(),
            "keep_days": outbox.KEEP_SENT.days,
        },
    )
