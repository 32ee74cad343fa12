"""The demo's agenda: the kinds of event, past and coming events (online, in person
or both, in several regions, some with questions), the three webinars of Connectoo+
(the first one past, recorded, with its slides and report, open to everyone, and the
demo learner attended it), and the agenda and some events in French.

Every step is get-or-create, so loading twice changes nothing; the dates are set
relative to the day the demo is first loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from courses.demo import ACCOUNTS
from courses.models import CoursePage
from home.demo import child_page
from languages.demo import copy_with_texts, translated_once
from lms.models import User
from training.kits.demo import demo_pdf

from .demo_recording import sample_webm
from .models import (
    AgendaPage,
    EventKind,
    EventPage,
    EventRegistration,
    RecordingView,
    Region,
)

KINDS = [
    # slug, Dutch, French
    ("lerend-netwerk", "Lerend netwerk", "Réseau apprenant"),
    ("webinar", "Webinar", "Webinaire"),
    ("studiedag", "Studiedag", "Journée d'étude"),
    ("infosessie", "Infosessie", "Séance d'information"),
]
CONNECTOO_PLUS = "connectoo-plus"
MEETING = "https://meet.example.be/lerend-netwerk"
DIET = {
    "label": "Eet je vegetarisch of heb je een allergie?",
    "help_text": "Voor de lunch.",
    "required": True,
    "choices": ["Ik eet alles", "Vegetarisch", "Veganistisch", "Andere (zeg het ons)"],
}
ORGANISATION = {
    "label": "Voor welke organisatie kom je?",
    "help_text": "",
    "required": True,
    "choices": [],
}
FRENCH_TEXTS = {
    DIET["label"]: "Mangez-vous végétarien ou avez-vous une allergie ?",
    "Voor de lunch.": "Pour le lunch.",
    "Ik eet alles": "Je mange de tout",
    "Vegetarisch": "Végétarien",
    "Veganistisch": "Végétalien",
    "Andere (zeg het ons)": "Autre (dites-le-nous)",
    ORGANISATION["label"]: "Pour quelle organisation venez-vous ?",
}


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _kinds() -> dict[str, EventKind]:
    locale = Locale.objects.get(language_code="nl")
    kinds = {}
    for order, (slug, name, french) in enumerate(KINDS, start=1):
        kind, _ = EventKind.objects.get_or_create(
            locale=locale,
            slug=slug,
            defaults={"name": name, "sort_order": order * 10},
        )
        translated_once(kind, "fr", copy_with_texts(kind, {}, name=french))
        kinds[slug] = kind
    return kinds


def _document(title: str, filename: str, data: Callable[[], bytes]):
    """The document `title`, made from `data()` the first time."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(data()), save=False)
        document._set_document_file_metadata()
        document.save()
    return document


def _event(agenda: AgendaPage, slug: str, **fields) -> tuple[EventPage, bool]:
    existing = EventPage.objects.child_of(agenda).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    organisers = fields.pop("organisers", [])
    starts_at = fields["starts_at"]
    fields.setdefault("ends_at", starts_at + timedelta(hours=2))
    fields.setdefault("registration_deadline", starts_at - timedelta(days=2))
    page = agenda.add_child(instance=EventPage(slug=slug, **fields))
    page.organisers.set(organisers)
    page.save_revision().publish()
    return page, True


def _recorded(slug: str, title: str) -> dict:
    """A recording (a short sample video), its transcript and a report, for everyone
    with an account."""
    return {
        "recording": _document(
            f"Opname: {title}", f"{slug}.webm", lambda: sample_webm(title)
        ),
        "recording_title": title,
        "transcript": f"<p>Het webinar “{title}”, uitgeschreven voor wie liever leest.</p>",
        "report": "<p>Het verslag van het webinar, met de vragen van de deelnemers.</p>",
        "afterwards_visible_to": EventPage.Visibility.EVERYONE,
    }


def _register(event: EventPage, users: list[User]) -> None:
    """Seats in order of arrival, then the waiting list (no mails: this is the demo)."""
    for number, user in enumerate(users):
        status = (
            EventRegistration.Status.CONFIRMED
            if number < event.capacity
            else EventRegistration.Status.WAITING
        )
        EventRegistration.objects.get_or_create(
            event=event, user=user, defaults={"status": status}
        )


def _attended(event: EventPage, user: User, via: str) -> None:
    registration, _ = EventRegistration.objects.get_or_create(
        event=event, user=user, defaults={"status": EventRegistration.Status.CONFIRMED}
    )
    if registration.attended is None:
        registration.attended, registration.attended_via = True, via
        registration.attended_at = event.starts_at
        registration.save(update_fields=["attended", "attended_via", "attended_at"])


def _watched(event: EventPage, user: User) -> None:
    RecordingView.objects.get_or_create(
        event=event,
        user=user,
        defaults={
            "watched_at": event.ends_at + timedelta(days=1),
            "reflection": (
                "Ik laat de burger voortaan eerst zelf vertellen wat er misliep, "
                "voor ik iets voorstel."
            ),
        },
    )


def _slides() -> bytes:
    return demo_pdf(
        "<h1>Webinar 1: wat is een ondersteunende houding?</h1>"
        "<ul><li>Luisteren voor je helpt</li><li>De burger doet het zelf</li>"
        "<li>Grenzen: wat doe je niet in iemands plaats?</li></ul>"
        "<h2>Opdracht</h2><p>Kies één situatie aan je balie van deze week en "
        "beschrijf wat je anders zou doen.</p>"
    )


def _webinars(
    agenda: AgendaPage, kind: EventKind, course: CoursePage | None, organiser: User
) -> list[EventPage]:
    common = {
        "kind": kind,
        "online": True,
        "in_person": False,
        "meeting_url": "https://meet.example.be/connectoo-plus",
        "capacity": 100,
        "course": course,
        "organisers": [organiser],
        "reflection_question": (
            "Welke situatie aan je balie herken je uit dit webinar, en wat doe je "
            "voortaan anders?"
        ),
    }
    first_title = "Webinar Connectoo+ 1: een ondersteunende houding"
    first, created = _event(
        agenda,
        "webinar-connectoo-plus-1",
        title=first_title,
        intro=(
            "<p>Het eerste van de drie webinars van Connectoo+: wat is een "
            "ondersteunende houding aan de balie, en waar liggen de grenzen?</p>"
        ),
        starts_at=_at(-21, 14),
        recording=_document(
            "Opname: webinar Connectoo+ 1",
            "webinar-connectoo-plus-1.webm",
            lambda: sample_webm(first_title),
        ),
        recording_title="Een ondersteunende houding aan de balie",
        transcript=(
            "<p>Welkom bij het eerste webinar van Connectoo+. Vandaag hebben we het "
            "over een ondersteunende houding: je luistert eerst, je laat de burger "
            "zelf doen wat hij kan, en je zegt duidelijk wat je niet in zijn plaats "
            "doet.</p><p>Tot slot een opdracht voor de komende week.</p>"
        ),
        slides=_document(
            "Slides: webinar Connectoo+ 1", "webinar-connectoo-plus-1.pdf", _slides
        ),
        report=(
            "<p>82 baliemedewerkers van 31 gemeenten namen deel. De meeste vragen "
            "gingen over itsme op de smartphone van een burger.</p>"
        ),
        afterwards_visible_to=EventPage.Visibility.EVERYONE,
        **common,
    )
    second, _ = _event(
        agenda,
        "webinar-connectoo-plus-2",
        title="Webinar Connectoo+ 2: moeilijke gesprekken",
        intro=(
            "<p>Het tweede webinar: wat doe je als iemand boos of ongeduldig wordt "
            "aan de balie?</p>"
        ),
        starts_at=_at(-10, 14),
        **_recorded("webinar-connectoo-plus-2", "Moeilijke gesprekken aan de balie"),
        **common,
    )
    third, _ = _event(
        agenda,
        "webinar-connectoo-plus-3",
        title="Webinar Connectoo+ 3: privacy aan de balie",
        intro=(
            "<p>Het derde webinar: wachtwoorden, codes en documenten van een ander. "
            "Wat mag je zien, en wat niet?</p>"
        ),
        starts_at=_at(-3, 14),
        **_recorded("webinar-connectoo-plus-3", "Privacy aan de balie"),
        **common,
    )
    return [first, second, third]


def _others(
    agenda: AgendaPage,
    kinds: dict[str, EventKind],
    organiser: User,
    networks: tuple[Page | None, Page | None],
) -> list[EventPage]:
    """`networks`: the learning networks "e-inclusie" and "Westkust" that organise
    the first two."""
    einclusie, westkust_network = networks
    network, _ = _event(
        agenda,
        "lerend-netwerk-e-inclusie-voorjaar",
        title="Lerend netwerk e-inclusie: voorjaarsbijeenkomst",
        kind=kinds["lerend-netwerk"],
        intro=(
            "<p>We delen wat werkt in digicafés en aan de balie. Met een lunch en "
            "workshops in de namiddag.</p>"
        ),
        starts_at=_at(16, 10),
        ends_at=_at(16, 16),
        online=True,
        meeting_url=MEETING,
        in_person=True,
        address="De Markten, Oude Graanmarkt 5, 1000 Brussel",
        region=Region.BRUSSELS,
        accessibility=(
            "Toegankelijk met een rolstoel, ringleiding in de grote zaal. Op vijf "
            "minuten van het station Brussel-Centraal."
        ),
        capacity=60,
        questions=[("question", DIET), ("question", ORGANISATION)],
        organisers=[organiser],
        network=einclusie,
    )
    westkust, _ = _event(
        agenda,
        "regionaal-netwerk-westkust",
        title="Regionaal netwerk Westkust: digitale hulp in de bib",
        kind=kinds["lerend-netwerk"],
        intro="<p>Gemeenten en bibliotheken van de Westkust wisselen ervaringen uit.</p>",
        starts_at=_at(8, 13, 30),
        online=False,
        in_person=True,
        address="Bibliotheek De Panne, Zeelaan 21, 8660 De Panne",
        region=Region.WEST_FLANDERS,
        accessibility="Gelijkvloers, parking voor de deur.",
        network=westkust_network,
        capacity=6,
        questions=[("question", ORGANISATION)],
        organisers=[organiser],
    )
    study_day, _ = _event(
        agenda,
        "studiedag-digitale-inclusie",
        title="Studiedag digitale inclusie",
        kind=kinds["studiedag"],
        intro=(
            "<p>Een dag over digitale inclusie in de gemeente: onderzoek, goede "
            "praktijken en een markt van organisaties.</p>"
        ),
        starts_at=_at(33, 9),
        ends_at=_at(33, 16, 30),
        online=False,
        in_person=True,
        address="ICC Gent, Van Rysselberghedreef 2, 9000 Gent",
        region=Region.EAST_FLANDERS,
        accessibility="Volledig toegankelijk; tolk Vlaamse Gebarentaal op vraag.",
        capacity=150,
        questions=[("question", DIET), ("question", ORGANISATION)],
        organisers=[organiser],
    )
    info, _ = _event(
        agenda,
        "infosessie-databank",
        title="Infosessie: de databank digitale inclusie",
        kind=kinds["infosessie"],
        intro="<p>Hoe vind je materiaal in de databank, en hoe deel je je eigen?</p>",
        starts_at=_at(-40, 11),
        ends_at=_at(-40, 12),
        online=True,
        meeting_url="https://meet.example.be/infosessie-databank",
        in_person=False,
        capacity=200,
        report="<p>45 deelnemers. De vragen en antwoorden staan in het forum.</p>",
        afterwards_visible_to=EventPage.Visibility.EVERYONE,
        organisers=[organiser],
    )
    limburg, _ = _event(
        agenda,
        "lerend-netwerk-limburg-najaar",
        title="Lerend netwerk Limburg: najaarsbijeenkomst",
        kind=kinds["lerend-netwerk"],
        intro="<p>Het Limburgse netwerk kwam samen in Hasselt.</p>",
        starts_at=_at(-60, 13),
        online=False,
        in_person=True,
        address="Cultuurcentrum Hasselt, Kunstlaan 5, 3500 Hasselt",
        region=Region.LIMBURG,
        capacity=40,
        organisers=[organiser],
    )
    return [network, westkust, study_day, info, limburg]


def _translate(agenda: AgendaPage, events: list[EventPage]) -> AgendaPage:
    translated_once(
        agenda,
        "fr",
        copy_with_texts(
            agenda,
            {},
            title="Agenda",
            intro=(
                "<p>Les rencontres du réseau apprenant, les webinaires et les "
                "journées d'étude. Inscrivez-vous, ou ajoutez l'agenda à votre "
                "calendrier.</p>"
            ),
        ),
    )
    french = {
        "webinar-connectoo-plus-1": (
            "Webinaire Connectoo+ 1 : une attitude de soutien",
            "<p>Le premier des trois webinaires de Connectoo+ : qu'est-ce qu'une "
            "attitude de soutien au guichet, et où sont les limites ?</p>",
        ),
        "webinar-connectoo-plus-2": (
            "Webinaire Connectoo+ 2 : les conversations difficiles",
            "<p>Que faire quand quelqu'un se fâche ou s'impatiente au guichet ?</p>",
        ),
        "webinar-connectoo-plus-3": (
            "Webinaire Connectoo+ 3 : la vie privée au guichet",
            "<p>Mots de passe, codes et documents d'un autre : que pouvez-vous "
            "voir, et que non ?</p>",
        ),
        "lerend-netwerk-e-inclusie-voorjaar": (
            "Réseau apprenant e-inclusion : rencontre de printemps",
            "<p>Nous partageons ce qui marche dans les espaces numériques et au "
            "guichet. Avec un lunch et des ateliers l'après-midi.</p>",
        ),
    }
    for event in events:
        if event.slug in french:
            title, intro = french[event.slug]
            translated_once(
                event,
                "fr",
                copy_with_texts(event, FRENCH_TEXTS, title=title, intro=intro),
            )
    return agenda


def load_demo_agenda(
    *,
    courses_by_slug: dict[str, CoursePage],
    organiser: User,
    participants: list[User],
    networks: tuple[Page | None, Page | None] = (None, None),
) -> AgendaPage:
    """The agenda under the Dutch home page (in the menu) with its events, and its
    French translation. `organiser` organises every event; `participants` fill
    some of them (the Westkust meeting to its waiting list). The demo learner
    attended the first and third webinar of Connectoo+ and watched the second's
    recording, so Connectoo+ asks nothing more of them. `networks` are the learning
    networks "e-inclusie" and "Westkust"."""
    home = Site.objects.get(is_default_site=True).root_page
    agenda = child_page(
        home,
        AgendaPage,
        "agenda",
        title="Agenda",
        intro=(
            "<p>De bijeenkomsten van het lerend netwerk, webinars en studiedagen. "
            "Schrijf je in, of zet de hele agenda in je eigen kalender.</p>"
        ),
        show_in_menus=True,
    )
    kinds = _kinds()
    webinars = _webinars(
        agenda, kinds["webinar"], courses_by_slug.get(CONNECTOO_PLUS), organiser
    )
    others = _others(agenda, kinds, organiser, networks)
    network, westkust, study_day, info, limburg = others
    _register(network, participants[:9])
    _register(westkust, participants[:8])
    _register(study_day, participants[3:7])
    _register(info, participants[:5])
    _register(limburg, participants[2:10])
    _register(webinars[0], participants[:6])
    learner = User.objects.filter(email=ACCOUNTS[0].email).first()
    if learner is not None:
        _attended(webinars[0], learner, EventRegistration.AttendedVia.ORGANISER)
        _watched(webinars[1], learner)
        _attended(webinars[2], learner, EventRegistration.AttendedVia.LINK)
    return _translate(agenda, [*webinars, *others])
