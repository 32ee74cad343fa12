"""The moderation queue and log in the Wagtail admin (permission `moderate_forum`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_required

from forums import selectors, services
from forums.forms import ReasonForm
from forums.models import ModerationAction, Post
from lms.errors import refusal_messages

PERMISSION = "forums.moderate_forum"


@permission_required(PERMISSION)
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Open reports, grouped per post, oldest first; hide the post or dismiss."""
    reports = list(selectors.open_reports())
    by_post: dict[int, dict] = {}
    for report in reports:
        entry = by_post.setdefault(report.post_id, {"post": report.post, "reports": []})
        entry["reports"].append(report)
    return TemplateResponse(
        request,
        "forums/admin/moderation_queue.html",
        {"entries": list(by_post.values()), "form": ReasonForm()},
    )


@permission_required(PERMISSION)
def moderation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: hide the reported post, or dismiss its reports; both with a reason."""
    if request.method != "POST":
        return redirect("forums_moderation_queue")
    post = Post.objects.select_related("thread").filter(pk=pk).first()
    if post is None:
        raise Http404
    viewer = selectors.viewer_for(request.user)
    form = ReasonForm(request.POST)
    action = request.POST.get("action")
    if not form.is_valid() or action not in ("hide", "dismiss"):
        messages.error(request, _("Say why, for the moderation log."))
        return redirect("forums_moderation_queue")
    reason = form.cleaned_data["reason"]
    try:
        if action == "hide":
            services.post_hide(viewer=viewer, post=post, reason=reason)
            messages.success(request, _("The message is hidden."))
        else:
            services.report_dismiss(viewer=viewer, post=post, reason=reason)
            messages.success(request, _("The reports are dismissed."))
    except ValidationError as error:
        messages.error(request, " ".join(refusal_messages(error)))
    return redirect("forums_moderation_queue")


@permission_required(PERMISSION)
def moderation_log(request: HttpRequest) -> HttpResponse:
    """Every moderation action, newest first: who, when, what and why."""
    actions = ModerationAction.objects.select_related(
        "actor", "post", "thread", "target_user"
    )
    page = Paginator(actions, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "forums/admin/moderation_log.html", {"page": page})
