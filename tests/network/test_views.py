"""The networks' pages: the list, a network's page for a visitor, a member and a
moderator; the moderators' requests and a member's visibility, with every other
person's id in the URL answering 404; query budgets with 1 and 20 members."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from forums.models import Forum
from languages.demo import copy_with_texts
from languages.services import translation_publish
from library.models import Theme
from network.models import NetworkMember, NetworkPage
from tests.factories import UserFactory, entry, event_page, library_item
from tests.queries import queries_for

from .conftest import member, network_index, network_page

pytestmark = pytest.mark.django_db
Status = NetworkMember.Status
#: A member and moderator's page: the user, the page, their membership, the counts,
#: moderation, theme, organisations, forum, view restrictions, events, items and the
#: visible members with their organisations, the breadcrumb.
NETWORK_PAGE_BUDGET = 15
INDEX_BUDGET = 5


def members_counted(count: int, language: str = "nl") -> str:
    """ "n members" as the page in `language` says it."""
    with translation.override(language):
        return ngettext("%(counter)s member", "%(counter)s members", count) % {
            "counter": count
        }


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_index_lists_each_network_with_members_and_how_to_join(client):
    open_network = network_page(purpose="<p>Samen leren over e-inclusie.</p>")
    regional = network_page("Westkust", joining=NetworkPage.Joining.APPROVAL)
    member(open_network)
    member(open_network)
    member(open_network, status=Status.PENDING)  # not counted
    member(regional)
    page = text(client.get(network_index().url))
    assert "Lerend netwerk e-inclusie" in page and "Westkust" in page
    assert "Samen leren over e-inclusie." in page
    assert members_counted(2) in page
    assert members_counted(1) in page


def test_a_visitor_sees_the_page_and_a_log_in_link_but_no_members(client):
    network = network_page()
    member(network, first_name="Zichtbare", last_name="Zus")
    response = client.get(network.url)
    assert response.status_code == 200
    page = text(response)
    assert "/account/login/?next=" in page
    assert "Zichtbare" not in page
    assert 'action="' + network.url + 'lid-worden/"' not in page


def test_a_non_member_sees_the_join_button_but_never_the_members(client):
    network = network_page()
    member(network, first_name="Zichtbare", last_name="Zus")
    client.force_login(UserFactory())
    page = text(client.get(network.url))
    assert f'action="{network.url}lid-worden/"' in page
    assert "Zichtbare" not in page


def test_a_member_sees_only_the_visible_members_with_their_organisation(client):
    network = network_page()
    member(network, first_name="Zichtbare", last_name="Zus", organisation="OCMW Veurne")
    member(network, first_name="Verborgen", last_name="Broer", visible=False)
    member(network, first_name="Wachtende", status=Status.PENDING, visible=True)
    me = member(network, visible=False)
    client.force_login(me.user)
    page = text(client.get(network.url))
    assert "Zichtbare Zus · OCMW Veurne" in page
    assert "Verborgen" not in page
    assert "Wachtende" not in page
    assert me.user.first_name not in page.split('id="members"')[1].split("</ul>")[0]


def test_a_visible_member_without_a_name_is_not_shown_by_their_address(client):
    network = network_page()
    nameless = member(network, first_name="", last_name="", email="stil@example.be")
    me = member(network)
    client.force_login(me.user)
    page = text(client.get(network.url))
    assert nameless.user.email not in page
    with translation.override("nl"):
        assert gettext("A member without a name") in page


def test_the_way_of_joining_is_the_source_networks_in_every_language(client):
    network = network_page(joining=NetworkPage.Joining.APPROVAL)
    french = translation_publish(
        network,
        "fr",
        copy_with_texts(network, {}, title="Réseau Côte", purpose="<p>Ensemble.</p>"),
    )
    # The translation was made when the network was open; it is not any more.
    NetworkPage.objects.filter(pk=french.pk).update(joining=NetworkPage.Joining.OPEN)
    french_index = network_index().get_translations().get(locale__language_code="fr")
    with translation.override("fr"):
        approval, open_ = gettext("Joining with approval"), gettext("Open to everyone")
        ask = gettext("Ask to join")
    assert approval in text(client.get(french_index.url))
    assert open_ not in text(client.get(french_index.url))
    client.force_login(UserFactory(preferred_language="fr"))
    page = text(client.get(french.url))
    assert approval in page and ask in page
    client.post(french.url + "lid-worden/")
    assert NetworkMember.objects.get().status == Status.PENDING


def test_joining_an_open_network_from_its_page(client):
    network = network_page()
    person = UserFactory()
    client.force_login(person)
    response = client.post(network.url + "lid-worden/")
    assert response.status_code == 302 and response.url == network.url
    assert NetworkMember.objects.get(user=person).status == Status.MEMBER
    response = client.post(network.url + "verlaten/")
    assert not NetworkMember.objects.filter(user=person).exists()


def test_joining_needs_a_post_and_an_account():
    network = network_page()
    client = Client()
    assert client.get(network.url + "lid-worden/").status_code == 405
    response = client.post(network.url + "lid-worden/")
    assert response.status_code == 302 and "/account/login/" in response.url
    assert not NetworkMember.objects.exists()


def test_joining_checks_csrf():
    network = network_page()
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(network.url + "lid-worden/").status_code == 403
    assert not NetworkMember.objects.exists()


def test_a_request_shows_as_waiting_and_the_moderator_finds_it(client, moderator):
    network = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[moderator]
    )
    person = UserFactory()
    client.force_login(person)
    page = text(client.get(network.url))
    assert f'action="{network.url}lid-worden/"' in page
    client.post(network.url + "lid-worden/")
    assert NetworkMember.objects.get(user=person).status == Status.PENDING
    page = text(client.get(network.url))
    assert f'action="{network.url}verlaten/"' in page  # withdraw the request
    assert reverse("network:requests", args=[network.pk]) not in page

    client.force_login(moderator)
    assert reverse("network:requests", args=[network.pk]) in text(
        client.get(network.url)
    )
    page = text(client.get(reverse("network:requests", args=[network.pk])))
    assert person.email in page


def test_a_moderator_admits_a_request_once(client, moderator):
    network = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[moderator]
    )
    request = member(network, status=Status.PENDING)
    url = reverse("network:decide", args=[network.pk, request.pk])
    client.force_login(moderator)
    assert client.post(url, {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.MEMBER and request.decided_by == moderator
    client.post(url, {"decision": "refuse"})
    request.refresh_from_db()
    assert request.status == Status.MEMBER


def test_everyone_but_its_moderators_gets_a_404(client, moderator):
    network = network_page(
        "Westkust", joining=NetworkPage.Joining.APPROVAL, moderators=[moderator]
    )
    other = network_page(
        "Elders", joining=NetworkPage.Joining.APPROVAL, moderators=[UserFactory()]
    )
    request = member(network, status=Status.PENDING)
    elsewhere = member(other, status=Status.PENDING)
    for person in (member(network).user, request.user, UserFactory()):
        client.force_login(person)
        assert (
            client.get(reverse("network:requests", args=[network.pk])).status_code
            == 404
        )
        url = reverse("network:decide", args=[network.pk, request.pk])
        assert client.post(url, {"decision": "approve"}).status_code == 404
    # A moderator of one network cannot decide on another's request through theirs.
    client.force_login(moderator)
    url = reverse("network:decide", args=[network.pk, elsewhere.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    url = reverse("network:requests", args=[other.pk])
    assert client.get(url).status_code == 404
    assert not NetworkMember.objects.filter(
        status=Status.MEMBER, pk__in=[request.pk, elsewhere.pk]
    ).exists()
    # A visitor is sent to log in.
    anonymous = Client()
    response = anonymous.get(reverse("network:requests", args=[network.pk]))
    assert response.status_code == 302 and "/account/login/" in response.url


def test_a_member_toggles_their_visibility_and_nobody_else_can(client):
    network = network_page()
    me = member(network, visible=False)
    url = reverse("network:visibility", args=[network.pk])
    client.force_login(me.user)
    response = client.post(url, {"visible": "on", "next": network.url})
    assert response.status_code == 302 and response.url == network.url
    me.refresh_from_db()
    assert me.visible
    assert me.user.get_full_name() in text(client.get(network.url))
    client.post(url, {})
    me.refresh_from_db()
    assert not me.visible
    # Not a member (a request, someone else): 404.
    waiting = member(network, status=Status.PENDING, visible=False)
    for person in (waiting.user, UserFactory()):
        client.force_login(person)
        assert client.post(url, {"visible": "on"}).status_code == 404
    assert not NetworkMember.objects.filter(visible=True).exists()


def test_the_page_shows_its_organisations_forum_events_and_material(client):
    forum = Forum.objects.create(title="Forum Westkust")
    theme = entry(Theme, "veilig-online", "Veilig online")
    network = network_page("Westkust", forum=forum, library_theme=theme)
    network.organisations.set(
        [
            member(network, organisation="Gemeente Koksijde")
            .user.memberships.get()
            .organisation
        ]
    )
    network.save()
    event_page(title="Netwerkdag aan zee", network=network)
    event_page(
        title="Terugblik vorig jaar", network=network, starts_in=-timedelta(days=30)
    )
    event_page(title="Iets anders")
    library_item("Phishing herkennen", themes=("veilig-online",))
    library_item("Over itsme", themes=("itsme",))
    page = text(client.get(network.url))
    assert "Gemeente Koksijde" in page
    assert reverse("forums:forum_detail", args=[forum.pk]) in page
    events = page.split('id="events"')[1]
    coming, earlier = events.split('id="earlier"')
    assert "Netwerkdag aan zee" in coming and "Terugblik vorig jaar" not in coming
    assert "Terugblik vorig jaar" in earlier
    assert "Iets anders" not in page
    assert "Phishing herkennen" in page and "Over itsme" not in page
    assert "/databank/?thema=veilig-online" in page


def _network_with(members: int, events: int, items: int) -> NetworkPage:
    forum = Forum.objects.create(title="Forum")
    theme = entry(Theme, "digitale-vaardigheden")
    network = network_page(f"Netwerk van {members}", forum=forum, library_theme=theme)
    for n in range(members):
        member(network, organisation=f"Organisatie {n % 3}", visible=n % 2 == 0)
    for n in range(events):
        later = timedelta(days=n + 2)
        event_page(network=network, starts_in=later if n % 2 else -later)
    for n in range(items):
        library_item(f"Materiaal {n}", themes=("digitale-vaardigheden",))
    return network


def test_the_network_page_costs_the_same_for_1_or_20_members(client, moderator):
    counts = []
    for size in (1, 20):
        network = _network_with(size, size // 2 + 1, size // 2 + 1)
        network.moderators.set([moderator])
        network.save()
        me = NetworkMember.objects.create(
            network=network, user=moderator, status=Status.MEMBER, visible=True
        )
        client.force_login(moderator)
        counts.append(queries_for(client, network.url))
        me.delete()
    assert counts[0] == counts[1], counts
    assert counts[1] <= NETWORK_PAGE_BUDGET, counts


def test_the_index_costs_the_same_for_1_or_10_networks(client):
    counts = []
    for size in (1, 10):
        for n in range(size):
            network = network_page(f"Netwerk {size}-{n}")
            member(network)
        counts.append(queries_for(client, network_index().url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= INDEX_BUDGET, counts


def test_a_french_reader_sees_the_french_network_and_joins_the_dutch_source(client):
    network = network_page()
    member(network)
    french = translation_publish(
        network,
        "fr",
        copy_with_texts(
            network, {}, title="Réseau e-inclusion", purpose="<p>Ensemble.</p>"
        ),
    )
    french_index = network_index().get_translations().get(locale__language_code="fr")
    page = text(client.get(french_index.url))
    assert "Réseau e-inclusion" in page
    assert "Lerend netwerk e-inclusie" not in page  # each network once
    assert members_counted(1, "fr") in page  # counted on the source
    person = UserFactory(preferred_language="fr")
    client.force_login(person)
    client.post(french.url + "lid-worden/")
    assert NetworkMember.objects.get(user=person).network_id == network.pk
    assert reverse("network:visibility", args=[network.pk]) in text(
        client.get(french.url)
    )
