"""Reading the learning networks: the list, one network's page (its members, events
and databank material), a person's place in a network, the moderators' requests.

Memberships are kept on the Dutch source network; what a reader sees (the networks,
their events) is in the reader's language. Each page costs the same number of
queries whatever the number of members, events or items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import EventPage
from forums.models import Forum
from languages.selectors import in_reader_language, sources_of
from library.models import LibraryItem, Theme
from library.selectors import items_visible, labels
from lms.models import Membership, Organisation, User

from .models import NetworkIndexPage, NetworkMember, NetworkPage

Status = NetworkMember.Status
EVENTS_SHOWN = 5
ITEMS_SHOWN = 5


def is_moderator(user: User | AnonymousUser, network: NetworkPage) -> bool:
    """Whether `user` moderates `network` (the source network)."""
    return user.is_authenticated and network.moderators.filter(pk=user.pk).exists()


def membership_of(
    user: User | AnonymousUser, network: NetworkPage
) -> NetworkMember | None:
    """`user`'s membership or request in `network` (the source network), if any."""
    if not user.is_authenticated:
        return None
    return NetworkMember.objects.filter(network=network, user=user).first()


@dataclass
class NetworkCard:
    """A network on the index: the page in the reader's language, its members
    counted and its way of joining read on the source (where memberships are kept)."""

    page: NetworkPage
    members: int
    joining: str

    @property
    def is_open(self) -> bool:
        return self.joining == NetworkPage.Joining.OPEN


def networks_listed(index: NetworkIndexPage) -> list[NetworkCard]:
    """The live networks (in the reader's language, each once) with their number of
    members and way of joining: three queries at most, however many networks."""
    del index  # one index per site; its networks in every language are listed
    pages = list(
        in_reader_language(NetworkPage.objects.live().public()).order_by("title")
    )
    sources = sources_of(pages)
    found = {
        pk: (joining, members)
        for pk, joining, members in NetworkPage.objects.filter(
            pk__in=set(sources.values())
        )
        .annotate(counted=Count("members", filter=Q(members__status=Status.MEMBER)))
        .values_list("pk", "joining", "counted")
    }
    cards = []
    for page in pages:
        joining, members = found.get(sources[page.pk], (page.joining, 0))
        cards.append(NetworkCard(page, members, joining))
    return cards


@dataclass
class VisibleMember:
    name: str
    organisations: list[str]
    is_you: bool = False


@dataclass
class NetworkView:
    """What a network's page shows to one reader."""

    membership: NetworkMember | None
    moderator: bool
    member_count: int
    pending_count: int
    organisations: list[Organisation]
    forum: Forum | None
    upcoming: list[EventPage]
    past: list[EventPage]
    items: list[LibraryItem]
    theme_slug: str | None
    theme_name: str | None
    members: list[VisibleMember] = field(default_factory=list)

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.status == Status.MEMBER

    @property
    def is_pending(self) -> bool:
        return self.membership is not None and self.membership.status == Status.PENDING

    @property
    def is_refused(self) -> bool:
        return self.membership is not None and self.membership.status == Status.REFUSED


def network_view(
    source: NetworkPage, user: User | AnonymousUser, *, now=None
) -> NetworkView:
    """Everything `source`'s page shows to `user` (the members only to members, and
    of them only those who chose to be visible): a constant number of queries."""
    now = now or timezone.now()
    membership = membership_of(user, source)
    counts = NetworkMember.objects.filter(network=source).aggregate(
        members=Count("pk", filter=Q(status=Status.MEMBER)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
    )
    moderator = is_moderator(user, source)
    events = network_events(source)
    theme_slug = (
        Theme.objects.filter(pk=source.library_theme_id)
        .values_list("slug", flat=True)
        .first()
        if source.library_theme_id
        else None
    )
    view = NetworkView(
        membership=membership,
        moderator=moderator,
        member_count=counts["members"],
        pending_count=counts["pending"] if moderator else 0,
        organisations=list(source.organisations.order_by("name")),
        forum=Forum.objects.filter(pk=source.forum_id).first()
        if source.forum_id
        else None,
        upcoming=list(
            events.filter(ends_at__gte=now).order_by("starts_at", "pk")[:EVENTS_SHOWN]
        ),
        past=list(
            events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:EVENTS_SHOWN]
        ),
        items=network_items(theme_slug) if theme_slug else [],
        theme_slug=theme_slug,
        theme_name=labels(Theme).get(theme_slug, theme_slug) if theme_slug else None,
    )
    if view.is_member:
        view.members = visible_members(source, you=user)
    return view


def network_events(source: NetworkPage) -> QuerySet[EventPage]:
    """The live events of `source` (whichever language's network page they name), as
    the reader sees them: in their language where translated."""
    events = EventPage.objects.live().filter(
        network__translation_key=source.translation_key
    )
    # Wagtail's `public()` reads the view restrictions each time it is filtered:
    # read them once for the upcoming and the past events.
    return in_reader_language(events.exclude(events.private_q())).select_related("kind")


def network_items(theme_slug: str, count: int = ITEMS_SHOWN) -> list[LibraryItem]:
    """The newest databank items on the theme `theme_slug` (matched across
    languages), one version of each, in the reader's language where there is one."""
    return list(
        items_visible()
        .filter(themes__slug=theme_slug)
        .order_by("-published_on", "title", "pk")
        .distinct()[:count]
    )


def visible_members(
    source: NetworkPage, *, you: User | None = None
) -> list[VisibleMember]:
    """The members of `source` who chose to be visible, with their organisations:
    two queries. Only for a member's eyes (the caller checks)."""
    rows = (
        NetworkMember.objects.filter(network=source, status=Status.MEMBER, visible=True)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            )
        )
        .order_by("user__first_name", "user__last_name", "pk")
    )
    # Without a name, they are not named by their address: they chose to show
    # their name and organisation, nothing more.
    return [
        VisibleMember(
            name=row.user.get_full_name() or _("A member without a name"),
            organisations=[m.organisation.name for m in row.user.memberships.all()],
            is_you=you is not None and row.user_id == you.pk,
        )
        for row in rows
    ]


def pending_requests(source: NetworkPage) -> list[NetworkMember]:
    """The requests waiting for `source`'s moderators, oldest first, with each
    person's organisations: two queries."""
    return list(
        NetworkMember.objects.filter(network=source, status=Status.PENDING)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            )
        )
        .order_by("created_at", "pk")
    )


def moderated_network(user: User | AnonymousUser, pk: int) -> NetworkPage | None:
    """Network `pk` (a source network) if `user` moderates it, else None."""
    if not user.is_authenticated:
        return None
    return NetworkPage.objects.filter(pk=pk, moderators=user).first()


def member_network(user: User | AnonymousUser, pk: int) -> NetworkPage | None:
    """Network `pk` if `user` is a member of it, else None."""
    if not user.is_authenticated:
        return None
    return NetworkPage.objects.filter(
        pk=pk, members__user=user, members__status=Status.MEMBER
    ).first()
