"""The editors' side of the databank in the Wagtail admin: submissions waiting for a
decision (publish, ask for changes, refuse) and links that stopped working."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_required

from . import selectors, services
from .forms import DecisionForm
from .links import problem_label
from .models import LibraryItem

PERMISSION = "library.change_libraryitem"


@permission_required(PERMISSION)
def review_queue(request: HttpRequest) -> HttpResponse:
    broken = list(selectors.items_with_broken_links()[:200])
    for item in broken:
        item.problem_text = problem_label(item.link_problem)
    return TemplateResponse(
        request,
        "library/admin/review_queue.html",
        {
            "waiting": selectors.submissions_waiting(),
            "broken": broken,
            "page_title": _("Databank: to review"),
        },
    )


@permission_required(PERMISSION)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """One submission with everything the submitter gave, and the decision."""
    item = (
        LibraryItem.objects.filter(pk=pk)
        .select_related("type", "document", "submitted_by")
        .prefetch_related("target_groups", "themes")
        .first()
    )
    if item is None:
        raise Http404
    waiting = item.status == LibraryItem.Status.SUBMITTED
    form = DecisionForm(request.POST or None) if waiting else None
    if form is not None and request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services.moderation_decide(
                item=item, decision=decision, message=form.cleaned_data["message"]
            )
        except services.AlreadyDecided:
            messages.warning(
                request,
                _("Someone decided on “%(title)s” already.") % {"title": item.title},
            )
            return redirect("library_review_queue")
        messages.success(
            request,
            {
                DecisionForm.Decision.APPROVE: _("“%(title)s” is published."),
                DecisionForm.Decision.CHANGES: _(
                    "The submitter of “%(title)s” is asked for changes."
                ),
                DecisionForm.Decision.REFUSE: _("“%(title)s” is refused."),
            }[decision]
            % {"title": item.title},
        )
        return redirect("library_review_queue")
    return TemplateResponse(
        request,
        "library/admin/review.html",
        {
            "item": item,
            "form": form,
            "page_title": _("Review “%(title)s”") % {"title": item.title},
        },
    )
