"""The demo's newsletter: the archive page (`/nl/nieuwsbrief/`, in French too), an
issue that was sent (its sending marked finished for the demo subscribers, without
mailing anyone) and a draft, and a few subscribers: three demo accounts and one
confirmed address without an account.

Every step is get-or-create, so loading twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from home.demo import child_page
from languages.demo import copy_with_texts, translated_once
from lms.models import User

from .models import (
    Delivery,
    NewsletterArchivePage,
    NewsletterIssuePage,
    Sending,
    Subscriber,
)

SUBSCRIBED_ACCOUNTS = [
    "leerling@demo.digitaalmeedoen.be",
    "apprenant@demo.digitaalmeedoen.be",
    "digihelper@demo.digitaalmeedoen.be",
]
ANONYMOUS_READER = "lezer@voorbeeld.be"

SENT_TEXT = (
    "<p>Welkom bij de eerste nieuwsbrief van het lerend netwerk e-inclusie. Twee "
    "keer per jaar brengen we de uitnodigingen voor onze bijeenkomsten en webinars, "
    "en het nieuwe materiaal in de databank.</p>"
)
SENT_TEXT_FR = (
    "<p>Bienvenue dans la première lettre d'information du réseau "
    "d'apprentissage e-inclusion. Deux fois par an, nous vous envoyons les "
    "invitations à nos rencontres et webinaires, et le nouveau matériel de la "
    "banque de données.</p>"
)
DRAFT_TEXT = (
    "<p>In dit nummer: wat we leerden op de studiedag, en drie nieuwe webinars "
    "voor Connectoo+.</p>"
)


def _archive() -> NewsletterArchivePage:
    home = Site.objects.get(is_default_site=True).root_page
    archive = child_page(
        home,
        NewsletterArchivePage,
        "nieuwsbrief",
        title="Nieuwsbrief",
        intro=(
            "<p>De nieuwsbrief van het lerend netwerk e-inclusie: uitnodigingen voor "
            "bijeenkomsten en webinars, en nieuw materiaal in de databank.</p>"
        ),
        show_in_menus=True,
    )
    translated_once(
        archive,
        "fr",
        copy_with_texts(
            archive,
            {},
            title="Lettre d'information",
            intro=(
                "<p>La lettre d'information du réseau d'apprentissage e-inclusion : "
                "invitations aux rencontres et webinaires, et nouveau matériel dans "
                "la banque de données.</p>"
            ),
        ),
    )
    return archive


def _body(text: str) -> list[tuple[str, dict | str]]:
    return [
        ("text", text),
        ("upcoming_events", {"heading": "Binnenkort", "count": 3, "kind": None}),
        (
            "new_in_library",
            {"heading": "Nieuw in de databank", "count": 5, "days": 90},
        ),
    ]


def _sent_issue(archive: NewsletterArchivePage) -> NewsletterIssuePage:
    issue = child_page(
        archive,
        NewsletterIssuePage,
        "nummer-1",
        title="Nieuwsbrief nummer 1",
        intro="Het lerend netwerk e-inclusie stelt zich voor.",
        body=_body(SENT_TEXT),
    )
    translated_once(
        issue,
        "fr",
        copy_with_texts(
            issue,
            {
                SENT_TEXT: SENT_TEXT_FR,
                "Binnenkort": "Prochainement",
                "Nieuw in de databank": "Nouveau dans la banque de données",
            },
            title="Lettre d'information numéro 1",
            intro="Le réseau d'apprentissage e-inclusion se présente.",
        ),
    )
    return issue


def _draft_issue(archive: NewsletterArchivePage) -> NewsletterIssuePage:
    existing = NewsletterIssuePage.objects.child_of(archive).filter(slug="nummer-2")
    if existing.exists():
        return existing.first()
    issue = archive.add_child(
        instance=NewsletterIssuePage(
            slug="nummer-2",
            title="Nieuwsbrief nummer 2",
            intro="Terugblik op de studiedag en nieuwe webinars.",
            body=_body(DRAFT_TEXT),
            live=False,
        )
    )
    issue.save_revision()
    return issue


def _subscribers() -> list[Subscriber]:
    now = timezone.now()
    subscribers = []
    for user in User.objects.filter(email__in=SUBSCRIBED_ACCOUNTS):
        subscriber, _created = Subscriber.objects.get_or_create(
            email=user.email,
            defaults={
                "user": user,
                "language": user.language,
                "source": Subscriber.Source.PROFILE,
                "status": Subscriber.Status.SUBSCRIBED,
                "asked_at": now - timedelta(days=30),
                "confirmed_at": now - timedelta(days=30),
            },
        )
        subscribers.append(subscriber)
    reader, _created = Subscriber.objects.get_or_create(
        email=ANONYMOUS_READER,
        defaults={
            "language": "nl",
            "source": Subscriber.Source.FORM,
            "status": Subscriber.Status.SUBSCRIBED,
            "asked_at": now - timedelta(days=20, minutes=5),
            "confirmed_at": now - timedelta(days=20),
        },
    )
    return [*subscribers, reader]


def _mark_sent(issue: NewsletterIssuePage, subscribers: list[Subscriber]) -> None:
    """The sending as it would stand after a real one, without mailing anyone."""
    sent_at = timezone.now() - timedelta(days=14)
    sending, created = Sending.objects.get_or_create(
        issue=issue,
        defaults={
            "started_at": sent_at,
            "deliveries_created_at": sent_at,
            "finished_at": sent_at + timedelta(minutes=2),
            "total": len(subscribers),
            "sent": len(subscribers),
        },
    )
    if not created:
        return
    Delivery.objects.bulk_create(
        [
            Delivery(
                issue=issue,
                subscriber=subscriber,
                status=Delivery.Status.SENT,
                claimed_at=sent_at,
                handed_at=sent_at,
                sent_at=sent_at,
            )
            for subscriber in subscribers
        ],
        ignore_conflicts=True,
    )


def load_demo_newsletter() -> NewsletterArchivePage:
    archive = _archive()
    sent = _sent_issue(archive)
    _draft_issue(archive)
    _mark_sent(sent, _subscribers())
    return archive
