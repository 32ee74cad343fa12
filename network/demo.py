"""The demo's learning networks: "Lerend netwerk e-inclusie" (open to everyone, with
the databank's material on digital skills) and the regional network "Westkust"
(joining with approval), each with a community forum, some members who show their
name, one who does not, and one request waiting for the moderator. The list and
both networks are in French too.

Every step is get-or-create, so loading twice changes nothing; an editor's changes
to the pages are never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Locale

from forums.models import Forum
from home.demo import child_page
from home.services import home_page_ensure
from languages.demo import copy_with_texts, translated_once
from library.models import Theme
from lms.models import Organisation, User

from .models import NetworkIndexPage, NetworkMember, NetworkPage

INDEX_SLUG = "netwerken"


@dataclass(frozen=True)
class DemoNetwork:
    slug: str
    title: str
    purpose: str
    joining: str
    theme: str
    forum: str
    organisations: tuple[str, ...]
    title_fr: str
    purpose_fr: str


NETWORKS = [
    DemoNetwork(
        slug="lerend-netwerk-e-inclusie",
        title="Lerend netwerk e-inclusie",
        purpose=(
            "<p>Medewerkers van gemeenten, OCMW's, bibliotheken en verenigingen "
            "leren van elkaar hoe ze burgers digitaal laten meedoen. We komen een "
            "paar keer per jaar samen, online of ter plaatse, en delen wat werkt.</p>"
            "<p>Iedereen met een account kan lid worden.</p>"
        ),
        joining=NetworkPage.Joining.OPEN,
        theme="digitale-vaardigheden",
        forum="Lerend netwerk e-inclusie",
        organisations=(
            "Stad Mechelen",
            "Gemeente Herzele",
            "OCMW Ronse",
            "Bibliotheek Leuven",
            "vzw Samen Digitaal",
        ),
        title_fr="Réseau apprenant e-inclusion",
        purpose_fr=(
            "<p>Les collaborateurs des communes, CPAS, bibliothèques et associations "
            "apprennent les uns des autres comment aider les citoyens à participer "
            "au numérique. Nous nous réunissons quelques fois par an, en ligne ou "
            "sur place, et partageons ce qui fonctionne.</p>"
            "<p>Toute personne ayant un compte peut devenir membre.</p>"
        ),
    ),
    DemoNetwork(
        slug="westkust",
        title="Westkust",
        purpose=(
            "<p>Het regionale netwerk van de gemeenten aan de Westkust: wie aan een "
            "balie of in een digipunt werkt, deelt er ervaringen, materiaal en "
            "afspraken over doorverwijzen.</p>"
            "<p>De moderatoren beslissen wie lid wordt.</p>"
        ),
        joining=NetworkPage.Joining.APPROVAL,
        theme="veilig-online",
        forum="Netwerk Westkust",
        organisations=("Gemeente Herzele", "OCMW Ronse"),
        title_fr="Côte ouest",
        purpose_fr=(
            "<p>Le réseau régional des communes de la Côte ouest : les personnes qui "
            "travaillent à un guichet ou dans un point numérique y partagent "
            "expériences, matériel et accords de renvoi.</p>"
            "<p>Les modérateurs décident qui devient membre.</p>"
        ),
    ),
]


def load_demo_networks(*, moderator: User, members: list[User]) -> list[NetworkPage]:
    """The networks' list under the Dutch home page and the two networks (Dutch
    source pages, returned in this order), translated into French. `moderator`
    moderates both and is a visible member of both. Of `members` (at least two),
    all but the last join e-inclusie, the last of those without showing their name;
    the first joins Westkust; the last asks to join Westkust and waits."""
    home = (
        home_page_ensure()
        .get_translations(inclusive=True)
        .get(locale=Locale.get_default())
        .specific
    )
    index = child_page(
        home,
        NetworkIndexPage,
        INDEX_SLUG,
        title="Lerende netwerken",
        show_in_menus=True,
        intro=(
            "<p>Leer samen met collega's uit andere gemeenten en organisaties. Word "
            "lid van een netwerk: je vindt er zijn forum, zijn bijeenkomsten en "
            "materiaal uit de databank.</p>"
        ),
    )
    networks = [_network(index, data, moderator) for data in NETWORKS]
    einclusie, westkust = networks
    _member(einclusie, moderator, visible=True)
    _member(westkust, moderator, visible=True)
    joining, asking = members[:-1], members[-1]
    for number, user in enumerate(joining):
        _member(einclusie, user, visible=number < len(joining) - 1)
    _member(westkust, members[0], visible=True, decided_by=moderator)
    NetworkMember.objects.get_or_create(
        network=westkust,
        user=asking,
        defaults={"status": NetworkMember.Status.PENDING},
    )
    _translate(index, networks)
    return networks


def _network(
    index: NetworkIndexPage, data: DemoNetwork, moderator: User
) -> NetworkPage:
    existing = NetworkPage.objects.child_of(index).filter(slug=data.slug).first()
    if existing is not None:
        return existing
    forum, _created = Forum.objects.get_or_create(
        module=None,
        title=data.forum,
        defaults={
            "audience": Forum.Audience.EVERYONE,
            "description": f"Het forum van {data.title}.",
        },
    )
    theme, _created = Theme.objects.get_or_create(
        locale=Locale.get_default(),
        slug=data.theme,
        defaults={"name": data.theme.replace("-", " ").capitalize()},
    )
    network = child_page(
        index,
        NetworkPage,
        data.slug,
        title=data.title,
        purpose=data.purpose,
        joining=data.joining,
        forum=forum,
        library_theme=theme,
    )
    network.organisations.set(Organisation.objects.filter(name__in=data.organisations))
    network.moderators.set([moderator])
    network.save()
    return network


def _member(
    network: NetworkPage, user: User, *, visible: bool, decided_by: User | None = None
) -> None:
    NetworkMember.objects.get_or_create(
        network=network,
        user=user,
        defaults={
            "status": NetworkMember.Status.MEMBER,
            "visible": visible,
            "decided_by": decided_by,
            "decided_at": timezone.now() if decided_by else None,
        },
    )


def _translate(index: NetworkIndexPage, networks: list[NetworkPage]) -> None:
    translated_once(
        index,
        "fr",
        copy_with_texts(
            index,
            {},
            title="Réseaux apprenants",
            intro=(
                "<p>Apprenez avec des collègues d'autres communes et organisations. "
                "Devenez membre d'un réseau : vous y trouvez son forum, ses "
                "rencontres et du matériel de la banque de données.</p>"
            ),
        ),
    )
    by_slug = {data.slug: data for data in NETWORKS}
    for network in NetworkPage.objects.filter(pk__in=[n.pk for n in networks]):
        data = by_slug[network.slug]
        translated_once(
            network,
            "fr",
            copy_with_texts(network, {}, title=data.title_fr, purpose=data.purpose_fr),
        )
