"""Sending an issue from the Wagtail admin: a test to oneself, the confirmation step
with the number of subscribers, and the progress of the sending."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from languages.selectors import source_of

from . import selectors, sending
from .models import NewsletterIssuePage, Sending

PERMISSION = "newsletter.send_issue"


def _issue(request: HttpRequest, pk: int) -> NewsletterIssuePage:
    """The issue `pk`, for an editor who may edit it (404 otherwise)."""
    page = NewsletterIssuePage.objects.filter(pk=pk).first()
    if page is None or not page.permissions_for_user(request.user).can_edit():
        raise Http404
    return page


def _may_send(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    """Mail the issue as it is now (a draft too) to the editor who asks: GET says
    where it goes, the POST sends it."""
    page = _issue(request, pk)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "newsletter/admin/test.html",
            {
                "issue": page,
                "page_title": _("Send a test of “%(title)s”") % {"title": page.title},
            },
        )
    try:
        sending.issue_test_send(issue=page, to=request.user)
    except OSError as error:
        messages.error(
            request, _("The test could not be sent: %(error)s") % {"error": error}
        )
    else:
        messages.success(
            request,
            _("A test of “%(title)s” was sent to %(email)s.")
            % {"title": page.title, "email": request.user.email},
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation step (GET), and the sending itself (POST)."""
    page = _issue(request, pk)
    _may_send(request)
    source = source_of(page).specific
    if not source.live:
        raise Http404
    existing = Sending.objects.filter(issue=source).first()
    if request.method == "POST":
        try:
            sending.sending_start(issue=source, by=request.user)
        except sending.SendRefused as refused:
            messages.warning(request, str(refused))
        return redirect("newsletter_send_progress", source.pk)
    return TemplateResponse(
        request,
        "newsletter/admin/send.html",
        {
            "issue": source,
            "existing": existing,
            "subscribers": selectors.recipients().count(),
            "page_title": _("Send “%(title)s”") % {"title": source.title},
        },
    )


def progress(request: HttpRequest, pk: int) -> HttpResponse:
    page = _issue(request, pk)
    _may_send(request)
    found = selectors.sending_of(page)
    if found is None:
        raise Http404
    return TemplateResponse(
        request,
        "newsletter/admin/progress.html",
        {
            "issue": found.issue,
            "sending": found,
            "state": _state(found),
            "status_url": reverse("newsletter_send_status", args=[found.issue_id]),
            "refresh_url": request.path,
            "page_title": _("Sending “%(title)s”") % {"title": found.issue.title},
        },
    )


def status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress bar asks every few seconds."""
    page = _issue(request, pk)
    _may_send(request)
    found = selectors.sending_of(page)
    if found is None:
        raise Http404
    state = _state(found)
    return JsonResponse(
        {
            "status": "done" if found.finished_at else "building",
            "progress": found.progress,
            "label": state.get_status_display(),
            "total": found.total,
            "sent": found.sent,
            "failed": found.failed,
        }
    )


class _State:
    """A sending as `components/prepared_progress.html` shows a prepared file."""

    def __init__(self, found: Sending):
        self.sending = found
        self.progress = found.progress

    def get_status_display(self) -> str:
        found = self.sending
        if found.finished_at:
            return _("Sent to %(sent)s of %(total)s subscribers") % {
                "sent": found.sent,
                "total": found.total,
            }
        return _("Sending: %(sent)s of %(total)s") % {
            "sent": found.sent,
            "total": found.total,
        }


def _state(found: Sending) -> _State:
    return _State(found)
