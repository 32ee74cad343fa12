"""The learning networks' pages: the list, a network (its context), joining and
leaving (the page's routes), and the app URLs for the moderators' requests and a
member's visibility.

Page routes and contexts are registered with `lms.routing.page_view` (the page
models name them). Memberships are kept on the Dutch source network
(`languages.selectors.source_of`), whatever the language of the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from languages.selectors import source_of, url_in_language
from lms.links import on_this_site
from lms.routing import page_view, site_for_request

from . import selectors, services
from .forms import DecisionForm, VisibilityForm
from .models import NetworkIndexPage, NetworkMember, NetworkPage


@page_view("network.index")
def index_context(request: HttpRequest, page: NetworkIndexPage) -> dict:
    """The networks in the reader's language, with their number of members."""
    return {"networks": selectors.networks_listed(page)}


@page_view("network.network")
def network_context(request: HttpRequest, page: NetworkPage) -> dict:
    """What the network's page shows to this reader; the members only to members."""
    source = source_of(page)
    return {"source": source, "network": selectors.network_view(source, request.user)}


@page_view("network.join")
@require_POST
def join(request: HttpRequest, page: NetworkPage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_url(request))
    member = services.network_join(user=request.user, network=source_of(page))
    if member.status == NetworkMember.Status.MEMBER:
        messages.success(
            request,
            _("You are a member of %(network)s. Welcome!") % {"network": page.title},
        )
    elif member.status == NetworkMember.Status.PENDING:
        messages.success(
            request,
            _(
                "Your request to join %(network)s is with its moderators. You will "
                "get a mail when they have decided."
            )
            % {"network": page.title},
        )
    else:
        messages.error(
            request,
            _("The moderators of %(network)s did not admit your request.")
            % {"network": page.title},
        )
    return redirect(page.get_url(request))


@page_view("network.leave")
@require_POST
def leave(request: HttpRequest, page: NetworkPage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_url(request))
    if services.network_leave(user=request.user, network=source_of(page)):
        messages.success(request, _("You left %(network)s.") % {"network": page.title})
    return redirect(page.get_url(request))


def _page_url(request: HttpRequest, network: NetworkPage) -> str:
    """The network's page in the reader's language."""
    return url_in_language(network, get_language(), site_for_request(request))


def _moderated(request: HttpRequest, pk: int) -> NetworkPage:
    network = selectors.moderated_network(request.user, pk)
    if network is None:
        raise Http404
    return network


@login_required
def requests(request: HttpRequest, pk: int) -> HttpResponse:
    """The requests waiting for a moderator of network `pk` (others: 404)."""
    network = _moderated(request, pk)
    return render(
        request,
        "network/requests.html",
        {
            "network": network,
            "network_url": _page_url(request, network),
            "requests": selectors.pending_requests(network),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """A moderator admits or refuses one request of their network."""
    network = _moderated(request, pk)
    member = (
        NetworkMember.objects.filter(pk=member_pk, network=network)
        .select_related("user", "network")
        .first()
    )
    form = DecisionForm(request.POST)
    if member is None or not form.is_valid():
        raise Http404
    name = member.user.get_full_name() or member.user.email
    try:
        services.network_decide(
            moderator=request.user, member=member, approve=form.approve
        )
    except services.NotModerator:
        raise Http404 from None
    except services.AlreadyDecided:
        messages.error(
            request,
            _("The request of %(name)s was decided before.") % {"name": name},
        )
    else:
        text = (
            _("%(name)s is now a member.")
            if form.approve
            else _("You refused the request of %(name)s.")
        )
        messages.success(request, text % {"name": name})
    return redirect("network:requests", network.pk)


@login_required
@require_POST
def visibility(request: HttpRequest, pk: int) -> HttpResponse:
    """A member shows their name and organisation to the other members, or not."""
    network = selectors.member_network(request.user, pk)
    form = VisibilityForm(request.POST)
    if network is None or not form.is_valid():
        raise Http404
    visible = form.cleaned_data["visible"]
    services.member_visibility_set(user=request.user, network=network, visible=visible)
    messages.success(
        request,
        _("The other members now see your name and organisation.")
        if visible
        else _("The other members no longer see your name and organisation."),
    )
    target = request.POST.get("next", "")
    if not on_this_site(request, target):
        target = _page_url(request, network)
    return redirect(target)
