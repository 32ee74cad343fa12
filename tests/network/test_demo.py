"""The demo's networks: the list in the menu, two networks in Dutch and French, each
with a forum; visible members, one who is not, one request waiting; loading twice
changes nothing."""

import pytest

from courses.demo import ORGANISATIONS, load_demo_accounts
from forums.models import Forum
from lms.models import Organisation, User
from network.demo import load_demo_networks
from network.models import NetworkIndexPage, NetworkMember, NetworkPage

pytestmark = pytest.mark.django_db
Status = NetworkMember.Status


def demo_people() -> tuple[User, list[User]]:
    for name, kind, postcode in ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "postcode": postcode}
        )
    load_demo_accounts()
    emails = ["digihelper", "trainer", "coordinator.herzele", "apprenant"]
    members = [User.objects.get(email=f"{e}@demo.digitaalmeedoen.be") for e in emails]
    return User.objects.get(email="coordinator@demo.digitaalmeedoen.be"), members


def test_the_demo_networks_and_their_members(client):
    moderator, members = demo_people()
    einclusie, westkust = load_demo_networks(moderator=moderator, members=members)
    index = NetworkIndexPage.objects.get(locale__language_code="nl")
    assert index.slug == "netwerken" and index.show_in_menus
    assert einclusie.joining == NetworkPage.Joining.OPEN
    assert westkust.joining == NetworkPage.Joining.APPROVAL
    for network in (einclusie, westkust):
        assert network.forum.audience == Forum.Audience.EVERYONE
        assert list(network.moderators.all()) == [moderator]
        assert network.organisations.exists()
        assert network.get_translations().filter(locale__language_code="fr").exists()
    assert einclusie.library_theme.slug == "digitale-vaardigheden"
    assert index.get_translations().get(locale__language_code="fr").title == (
        "Réseaux apprenants"
    )
    rows = NetworkMember.objects.filter(network=einclusie)
    assert rows.filter(status=Status.MEMBER, visible=True).count() == 3
    assert rows.filter(status=Status.MEMBER, visible=False).count() == 1
    assert list(
        NetworkMember.objects.filter(status=Status.PENDING).values_list(
            "user", flat=True
        )
    ) == [members[-1].pk]
    # The pages answer, in both languages.
    assert client.get(index.url).status_code == 200
    assert client.get(westkust.url).status_code == 200
    french = westkust.get_translations().get(locale__language_code="fr")
    assert "Côte ouest" in client.get(french.url).content.decode()


def test_loading_twice_changes_nothing():
    moderator, members = demo_people()
    load_demo_networks(moderator=moderator, members=members)
    before = (
        NetworkPage.objects.count(),
        NetworkMember.objects.count(),
        Forum.objects.count(),
    )
    again = load_demo_networks(moderator=moderator, members=members)
    assert (
        NetworkPage.objects.count(),
        NetworkMember.objects.count(),
        Forum.objects.count(),
    ) == before
    assert [n.slug for n in again] == ["lerend-netwerk-e-inclusie", "westkust"]
