"""The newsletter's public side: subscribing (double opt-in for visitors, one click
for people logged in), confirming, unsubscribing from a mail (also the one-click
request of mail programs, RFC 8058), the settings page, the archive and an issue.

Page contexts and the live blocks' items are registered with `lms.routing.page_view`.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lms.adapters import client_ip
from lms.ratelimit import over_limit
from lms.routing import page_view

from . import selectors, services
from .forms import SubscribeForm
from .models import NewsletterArchivePage, NewsletterIssuePage, Subscriber
from .tokens import confirm_read, unsubscribe_read

#: Subscription requests: per visitor's address, and per e-mail address, an hour.
REQUESTS_PER_ADDRESS = 10
REQUESTS_PER_EMAIL = 3
WINDOW_SECONDS = 3600


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The form for visitors. The answer is the same whether the address is new,
    waiting or subscribed already: nobody learns who reads the newsletter."""
    if request.user.is_authenticated:
        return redirect("newsletter:settings")
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if over_limit(
            f"newsletter:ip:{client_ip(request)}", REQUESTS_PER_ADDRESS, WINDOW_SECONDS
        ):
            return render(
                request, "newsletter/subscribe.html", {"limited": True}, status=429
            )
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            # Past the limit for one address nothing is mailed, and nothing is said.
            if not over_limit(
                f"newsletter:email:{email}", REQUESTS_PER_EMAIL, WINDOW_SECONDS
            ):
                services.subscription_request(
                    email=email, language=translation.get_language()
                )
            return render(request, "newsletter/subscribe_sent.html", {"email": email})
    return render(request, "newsletter/subscribe.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation mail. GET shows a button, so a mail scanner that
    opens the link subscribes nobody; the POST subscribes."""
    subscriber = confirm_read(token)
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(request, "newsletter/confirm.html", {"invalid": True}, status=404)
    done = subscriber.status == Subscriber.Status.SUBSCRIBED
    if request.method == "POST" and not done:
        services.subscription_confirm(subscriber)
        done = True
    return render(
        request, "newsletter/confirm.html", {"subscriber": subscriber, "done": done}
    )


# The signed token is the credential: mail programs post to this address without a
# session or CSRF cookie (RFC 8058: "List-Unsubscribe=One-Click"), and a forged
# request cannot carry a valid token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the newsletter from a mail's link, without logging in. GET only shows a
    button; the POST (the button, or the mail program) unsubscribes."""
    subscriber = unsubscribe_read(token)
    if subscriber is None:
        raise Http404
    done = request.method == "POST"
    if done:
        services.subscription_stop(subscriber)
    return render(request, "newsletter/unsubscribe.html", {"done": done})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def subscription_settings(request: HttpRequest) -> HttpResponse:
    """A person's newsletter page: subscribe or unsubscribe in one click."""
    subscriber = selectors.subscriber_of(request.user)
    if request.method == "POST":
        if request.POST.get("action") == "subscribe":
            services.subscription_for_user(request.user)
            messages.success(request, _("You are subscribed to the newsletter."))
        elif subscriber is not None:
            services.subscription_stop(subscriber)
            messages.success(request, _("You no longer get the newsletter."))
        return redirect("newsletter:settings")
    subscribed = (
        subscriber is not None and subscriber.status == Subscriber.Status.SUBSCRIBED
    )
    return render(
        request,
        "newsletter/settings.html",
        {"subscriber": subscriber, "subscribed": subscribed},
    )


@page_view("newsletter.archive")
def archive_context(request: HttpRequest, page: NewsletterArchivePage) -> dict:
    subscriber = selectors.subscriber_of(request.user)
    return {
        "issues": list(selectors.sent_issues()),
        "form": SubscribeForm(),
        "subscribed": subscriber is not None
        and subscriber.status == Subscriber.Status.SUBSCRIBED,
    }


@page_view("newsletter.issue")
def issue(request: HttpRequest, page: NewsletterIssuePage) -> HttpResponse:
    """An issue is public once it was sent; before that only the admin's preview
    shows it."""
    if not getattr(request, "is_preview", False) and selectors.sending_of(page) is None:
        raise Http404
    return TemplateResponse(
        request, page.get_template(request), page.get_context(request)
    )


@page_view("newsletter.issue_context")
def issue_context(request: HttpRequest, page: NewsletterIssuePage) -> dict:
    sending = selectors.sending_of(page)
    return {
        "sending": sending,
        "newsletter_as_of": sending.started_at if sending else timezone.now(),
        "archive": page.get_parent(),
    }


def _as_of(parent_context: dict) -> tuple[datetime, NewsletterIssuePage | None]:
    page = parent_context.get("page")
    when = parent_context.get("newsletter_as_of")
    if when is None:
        when = selectors.as_of(page) if page is not None else timezone.now()
    return when, page


@page_view("newsletter.upcoming_events")
def upcoming_events_context(value, parent_context: dict) -> dict:
    when, _page = _as_of(parent_context)
    kind = value.get("kind")
    return {
        "events": selectors.upcoming_events(
            when=when,
            count=value.get("count") or 3,
            kind_slug=kind.slug if kind else None,
        )
    }


@page_view("newsletter.new_in_library")
def new_in_library_context(value, parent_context: dict) -> dict:
    when, page = _as_of(parent_context)
    since = (
        selectors.library_since(page, when, value.get("days"))
        if page is not None
        else when - selectors.FIRST_ISSUE_LOOKS_BACK
    )
    return {
        "items": selectors.new_items(
            since=timezone.localdate(since),
            until=timezone.localdate(when),
            count=value.get("count") or 5,
        )
    }
