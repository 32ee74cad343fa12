import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from . import routing
from .celery import app
from .errors import refusal_messages
from .forms import ProfileForm
from .joining import join_request_create, join_request_withdraw
from .links import on_this_site
from .models import JoinRequest, Membership
from .services import membership_leave

logger = logging.getLogger(__name__)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    cache.set("health-check", "ok", timeout=5)
    if cache.get("health-check") != "ok":
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def _check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"  # the embedded default: tasks run in-process, nothing to reach
    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


HEALTH_CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
}


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database, cache and broker answer; 503 naming what is down."""
    report = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # any failure means "down"; the log says why
            logger.warning("health check %s failed: %s", name, exc)
            report[name] = "down"
    status = 503 if "down" in report.values() else 200
    return JsonResponse(report, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            form.save(user)
            messages.success(request, _("Your profile has been saved."))
            organisation = form.cleaned_data.get("organisation")
            if organisation is not None:
                _ask_to_join(request, organisation)
            response = redirect("profile")
            # Remember the language on this PC too, for the pages before login.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                samesite="Lax",
            )
            return response
    else:
        form = ProfileForm(
            initial={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "preferred_language": user.preferred_language or request.LANGUAGE_CODE,
                "forum_mail": user.forum_mail,
            }
        )
    # Who can see this person's progress: the coordinators of each organisation.
    coordinators = Membership.objects.filter(role=Membership.Role.COORDINATOR)
    memberships = user.memberships.select_related("organisation").prefetch_related(
        "teams",
        Prefetch(
            "organisation__memberships",
            queryset=coordinators.select_related("user"),
            to_attr="coordinators",
        ),
    )
    join_requests = user.join_requests.filter(
        status=JoinRequest.Status.PENDING
    ).select_related("organisation")
    return render(
        request,
        "lms/profile.html",
        {"form": form, "memberships": memberships, "join_requests": join_requests},
    )


def _ask_to_join(request: HttpRequest, organisation) -> None:
    try:
        outcome = join_request_create(user=request.user, organisation=organisation)
    except ValidationError as error:
        for message in refusal_messages(error):
            messages.info(request, message)
        return
    if isinstance(outcome, Membership):
        messages.success(
            request,
            _("You are now a member of %(name)s: your address is one of theirs.")
            % {"name": organisation.name},
        )
    else:
        messages.success(
            request,
            _(
                "Your request to join %(name)s is sent. A coordinator there decides; "
                "you get a mail."
            )
            % {"name": organisation.name},
        )


@login_required
@require_POST
def join_request_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = get_object_or_404(
        JoinRequest, pk=pk, user=request.user, status=JoinRequest.Status.PENDING
    )
    join_request_withdraw(join_request=join_request)
    messages.success(
        request,
        _("Your request to join %(name)s is withdrawn.")
        % {"name": join_request.organisation.name},
    )
    return redirect("profile")


@login_required
@require_POST
def membership_leave_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership, pk=pk, user=request.user, role=Membership.Role.LEARNER
    )
    name = membership.organisation.name
    membership_leave(membership=membership)
    messages.success(
        request, _("You are no longer a member of %(name)s.") % {"name": name}
    )
    return redirect("profile")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The site's own page for a form refused by the CSRF check (CSRF_FAILURE_VIEW).

    On a shared counter PC this mostly means the page stayed open past the 30-minute
    session or someone logged in or out in another tab; without the cookie, that the
    browser refuses cookies. Rendering the page gives the browser a fresh token, so
    going back and reloading the form works.
    """
    # The page the form was on (same site only), to go back to in one click.
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if on_this_site(request, referer) else ""
    return render(
        request,
        "403_csrf.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "back": back},
        status=403,
    )


def serve_page(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view, with the page found by `lms.routing` in one query (Wagtail
    reads it from the request, as it reads the site `lms.middleware.CachedSite` put
    there)."""
    request._wagtail_route_for_request = routing.route(
        request, Site.find_for_request(request), path
    )
    return wagtail_serve(request, path)
