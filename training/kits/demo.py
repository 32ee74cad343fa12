"""Demo trainer kits and training sessions.

The kit files are real PDFs made here with WeasyPrint (a script for the training day, a
presentation in slides and a handout), so a trainer can open what they download.
Idempotent: kits are found by slug, sessions by title, demo participants by e-mail.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from weasyprint import HTML

from courses.models import CoursePage
from lms.models import Organisation, User
from training.models import KitMaterial, Registration, TrainerKitPage, TrainingSession

STYLE = """
@page { size: A4; margin: 2cm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; line-height: 1.5; }
h1 { color: #0b5fa5; font-size: 20pt; } h2 { color: #0b5fa5; font-size: 14pt; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #999; padding: 4pt 6pt; text-align: left; vertical-align: top; }
"""
SLIDES_STYLE = """
@page { size: A4 landscape; margin: 2cm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 22pt; }
section { page-break-after: always; } h1 { color: #0b5fa5; font-size: 34pt; }
li { margin-bottom: 10pt; }
"""

DIGIHELPER_SCRIPT = """
<h1>Draaiboek: opleidingsdag digihelpers</h1>
<p>Voor de trainer. Een dag van 9.30 tot 15.30 uur, voor 12 tot 16 deelnemers.</p>
<table>
<tr><th>Tijd</th><th>Onderdeel</th><th>Wat doe je?</th><th>Materiaal</th></tr>
<tr><td>9.30</td><td>Welkom</td><td>Kennismaking: naam, waar help je, wat wil je leren?</td>
<td>Naamkaartjes</td></tr>
<tr><td>10.00</td><td>De rol van een digihelper</td><td>Helpen, niet overnemen. Rollenspel
in drietallen.</td><td>Presentatie dia 2–4</td></tr>
<tr><td>11.00</td><td>Pauze</td><td></td><td></td></tr>
<tr><td>11.15</td><td>Veilig online</td><td>Phishing herkennen met voorbeelden uit de
kit.</td><td>Hand-out "Nepmail of echt?"</td></tr>
<tr><td>12.30</td><td>Middagpauze</td><td></td><td></td></tr>
<tr><td>13.15</td><td>Aanmelden bij de overheid</td><td>itsme en CSAM: oefenen met
testaccounts, nooit met echte gegevens.</td><td>Hand-out "itsme in 6 stappen"</td></tr>
<tr><td>14.45</td><td>My eBox en officiële post</td><td>Samen een bericht openen en
uitleggen.</td><td>Presentatie dia 5–6</td></tr>
<tr><td>15.15</td><td>Afronden</td><td>Wat neem je mee? Afspraak terugkommoment.</td>
<td>Evaluatieformulier</td></tr>
</table>
<h2>Vooraf klaarzetten</h2>
<ul><li>Wifi getest, netwerknaam en wachtwoord op het bord.</li>
<li>Laptops en tablets opgeladen en genummerd.</li>
<li>Testaccounts op kaartjes; na afloop terug verzamelen.</li></ul>
"""
DIGIHELPER_SLIDES = [
    ("Welkom, digihelpers!", ["Vandaag: helpen bij de digitale overheid",
                               "Samen oefenen, vragen mag altijd"]),
    ("Helpen, niet overnemen", ["De bezoeker houdt de muis vast",
                                 "Jij legt uit en moedigt aan",
                                 "Codes tikt de bezoeker zelf in"]),
    ("Veilig online", ["Klik niet op links in onverwachte mails",
                        "Kijk naar de afzender en het webadres",
                        "Twijfel? Vraag het na bij de dienst zelf"]),
    ("Aanmelden: itsme en CSAM", ["itsme: app op de smartphone",
                                   "eID met kaartlezer: ook een sleutel",
                                   "Nooit de code van iemand anders"]),
    ("My eBox", ["Officiële post van de overheid, digitaal",
                  "Samen openen, rustig uitleggen"]),
    ("Tot op het terugkommoment!", ["Noteer je vragen", "Deel je tips op het forum"]),
]  # fmt: skip
HANDOUT = """
<h1>itsme activeren in 6 stappen</h1>
<ol>
<li>Installeer de itsme-app uit de winkel van je smartphone.</li>
<li>Kies "Mijn itsme-account aanmaken".</li>
<li>Geef je gsm-nummer in en bevestig met de sms-code.</li>
<li>Verbind met je identiteitskaart (kaartlezer) of via je bank.</li>
<li>Kies zelf een itsme-code van 5 cijfers. Schrijf hem nergens op.</li>
<li>Klaar: test het door aan te melden op een website van de overheid.</li>
</ol>
<p><strong>Tip voor de digihelper:</strong> laat de bezoeker elke stap zelf doen.</p>
"""
TTT_SCRIPT = """
<h1>Draaiboek: oefensessie train-de-trainer</h1>
<p>Een halve dag waarin nieuwe trainers een stuk van de digihelperopleiding geven en
feedback krijgen.</p>
<table>
<tr><th>Tijd</th><th>Onderdeel</th></tr>
<tr><td>13.30</td><td>Welkom en doel van de sessie</td></tr>
<tr><td>13.45</td><td>Elke trainer geeft 15 minuten uit het draaiboek</td></tr>
<tr><td>15.15</td><td>Feedback in kleine groepen: wat werkte, wat kan beter?</td></tr>
<tr><td>16.00</td><td>Afspraken, aanwezigheid en certificaat</td></tr>
</table>
"""
TTT_SLIDES = [
    ("Train-de-trainer", ["Zelf de digihelperopleiding geven"]),
    ("Volwassenen leren anders", ["Kort uitleggen, veel doen", "Herhalen en nagaan"]),
    ("Je kit", ["Draaiboek", "Presentatie", "Hand-outs en oefeningen"]),
]


def demo_pdf(body: str, style: str = STYLE) -> bytes:
    html = (
        f"<html lang='nl'><head><style>{style}</style></head><body>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def _slides(slides: list[tuple[str, list[str]]]) -> bytes:
    body = "".join(
        f"<section><h1>{title}</h1><ul>{''.join(f'<li>{p}</li>' for p in points)}</ul>"
        "</section>"
        for title, points in slides
    )
    return demo_pdf(body, SLIDES_STYLE)


def _document(title: str, filename: str, data: bytes):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(data), save=False)
        document._set_document_file_metadata()
        document.save()
    return document


def _kit(course: CoursePage, slug: str, title: str, intro: str, trainers_only: bool,
         materials: list[tuple[str, str, str, bytes, str]]) -> TrainerKitPage:  # fmt: skip
    existing = TrainerKitPage.objects.child_of(course).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = TrainerKitPage(
        title=title, slug=slug, intro=intro, trainers_only=trainers_only
    )
    for material_title, kind, filename, data, changes in materials:
        page.materials.add(
            KitMaterial(
                title=material_title,
                document=_document(material_title, filename, data),
                kind=kind,
                language="nl",
                version="1.1" if changes else "1.0",
                changes=changes,
            )
        )
    course.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_demo_kits(courses: dict[str, CoursePage]) -> None:
    """A digihelper kit (public: its scripts and presentations are in the databank
    too) and a train-the-trainer kit (trainers only)."""
    kind = KitMaterial.Kind
    _kit(
        courses["digihelper"],
        "trainerskit",
        "Trainerskit digihelperopleiding",
        "<p>Alles om de digihelperopleiding zelf te geven: het draaiboek van de dag, "
        "de presentatie en de hand-outs om uit te delen.</p>",
        False,
        [
            ("Draaiboek opleidingsdag", kind.SCRIPT, "draaiboek-digihelpers.pdf",
             demo_pdf(DIGIHELPER_SCRIPT), "Middagblok herschikt: eerst itsme, dan CSAM."),
            ("Presentatie opleidingsdag", kind.PRESENTATION,
             "presentatie-digihelpers.pdf", _slides(DIGIHELPER_SLIDES), ""),
            ("Hand-out: itsme in 6 stappen", kind.HANDOUT, "handout-itsme.pdf",
             demo_pdf(HANDOUT), ""),
        ],
    )  # fmt: skip
    _kit(
        courses["train-de-trainer"],
        "kit",
        "Kit oefensessie train-de-trainer",
        "<p>Het draaiboek en de presentatie van de oefensessie.</p>",
        True,
        [
            ("Draaiboek oefensessie", kind.SCRIPT, "draaiboek-ttt.pdf",
             demo_pdf(TTT_SCRIPT), ""),
            ("Presentatie train-de-trainer", kind.PRESENTATION, "presentatie-ttt.pdf",
             _slides(TTT_SLIDES), ""),
        ],
    )  # fmt: skip


PARTICIPANTS = [
    ("Marie", "Claes"), ("Tom", "Jacobs"), ("Fatima", "Ouali"), ("Luc", "Mertens"),
    ("Sarah", "Willems"), ("Koen", "Goossens"), ("Nadia", "Bouzid"), ("Pieter", "Wouters"),
    ("Elke", "De Smet"), ("Youssef", "Amrani"), ("Inge", "Maes"), ("Bart", "Peeters"),
    ("Lies", "Vermeulen"), ("Omar", "Haddad"),
]  # fmt: skip


def _participants() -> list[User]:
    users = []
    for number, (first, last) in enumerate(PARTICIPANTS, start=1):
        user, _ = User.objects.get_or_create(
            email=f"deelnemer{number:02d}@demo.digitaalmeedoen.be",
            defaults={
                "first_name": first,
                "last_name": last,
                "preferred_language": "nl",
            },
        )
        users.append(user)
    return users


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _register(session: TrainingSession, users: list[User]) -> None:
    """Seats in order of arrival, then the waiting list (no mails: this is the demo)."""
    for number, user in enumerate(users):
        status = "confirmed" if number < session.capacity else "waiting"
        Registration.objects.create(session=session, user=user, status=status)


def _session(title: str, **fields) -> tuple[TrainingSession, bool]:
    trainer = fields.pop("trainer")
    session, created = TrainingSession.objects.get_or_create(
        title=title, defaults=fields
    )
    if created:
        session.trainers.add(trainer)
    return session, created


def load_demo_sessions(
    courses: dict[str, CoursePage], *, trainer: User, learner: User, digihelper: User
) -> None:
    """Three sessions: one full with a waiting list (the demo digihelper waits first
    in line), one below its minimum, one confirmed (the demo learner is registered);
    and a train-the-trainer practice session."""
    people = _participants()
    full, created = _session(
        "Digihelperopleiding Leuven",
        kind=TrainingSession.Kind.DIGIHELPER,
        course=courses["digihelper"],
        trainer=trainer,
        starts_at=_at(21, 9),
        ends_at=_at(21, 16),
        registration_deadline=_at(14, 17),
        place="Bibliotheek Leuven, Rijschoolstraat 4, 3000 Leuven",
        capacity=12,
        minimum=12,
    )
    if created:
        _register(full, [*people[:12], digihelper, people[12]])
    short, created = _session(
        "Digihelperopleiding Herzele",
        kind=TrainingSession.Kind.DIGIHELPER,
        course=courses["digihelper"],
        trainer=trainer,
        starts_at=_at(12, 13),
        ends_at=_at(12, 17),
        registration_deadline=_at(5, 17),
        place="Gemeentehuis Herzele, Markt 20, 9550 Herzele",
        capacity=16,
        minimum=12,
        organisation=Organisation.objects.filter(name="Gemeente Herzele").first(),
    )
    if created:
        _register(short, people[:5])
    follow_up, created = _session(
        "Terugkommoment Connectoo, Mechelen",
        kind=TrainingSession.Kind.FOLLOW_UP,
        course=courses["connectoo"],
        trainer=trainer,
        starts_at=_at(9, 14),
        ends_at=_at(9, 16),
        registration_deadline=_at(2, 12),
        place="Stadhuis Mechelen, Grote Markt 21, 2800 Mechelen",
        online_url="https://meet.example.be/terugkommoment-connectoo",
        capacity=20,
        minimum=6,
    )
    if created:
        _register(follow_up, [learner, *people[5:12]])
        follow_up.status = TrainingSession.Status.CONFIRMED
        follow_up.decided_at = timezone.now()
        follow_up.save(update_fields=["status", "decided_at"])
    _session(
        "Oefensessie train-de-trainer",
        kind=TrainingSession.Kind.TRAIN_THE_TRAINER,
        course=courses["train-de-trainer"],
        trainer=trainer,
        starts_at=_at(30, 13),
        ends_at=_at(30, 17),
        registration_deadline=_at(23, 17),
        place="vzw Samen Digitaal, Brugsesteenweg 10, 9000 Gent",
        capacity=10,
        minimum=4,
    )
