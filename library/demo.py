"""The demo's databank: the learning network's own examples and some forty more
items across every type and target group, the public trainer kit, a few favourites
for the demo learner and one submission waiting for the editors.

The items' links lead to a placeholder page of the platform, never to outside sites.
Every step is get-or-create, so loading twice changes nothing.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Site

from h5p.models import H5PActivity
from home.demo import child_page
from home.models import StandardPage
from lms.links import absolute_url
from lms.models import User
from training.kits.demo import demo_pdf
from training.models import TrainerKitPage

from .models import Favourite, ItemType, LibraryItem, TargetGroup, Theme
from .services import kit_item_sync, library_collection

CONTENT = Path(__file__).parent / "demo_content" / "items.json"
PLACEHOLDER_SLUG = "voorbeeldmateriaal"


def _placeholder_url() -> str:
    home = Site.objects.get(is_default_site=True).root_page
    page = child_page(
        home,
        StandardPage,
        PLACEHOLDER_SLUG,
        title="Voorbeeldmateriaal",
        intro=(
            "Deze pagina staat in de plaats van de website van een organisatie. In "
            "de echte databank brengt de link je naar het materiaal zelf."
        ),
        body=[
            (
                "text",
                "<p>Je komt hier omdat je op een link in de demo van de databank "
                "digitale inclusie klikte. De demo verwijst niet naar andere "
                "websites.</p>",
            )
        ],
        show_in_menus=False,
    )
    return absolute_url(page.url)


def _entries(model, slugs: list[str]):
    """The Dutch list values with `slugs` (the migration made them; a test database
    emptied since gets them again)."""
    source = Locale.get_default()
    return [
        model.objects.get_or_create(
            locale=source,
            slug=slug,
            defaults={"name": slug.replace("-", " ").capitalize()},
        )[0]
        for slug in slugs
    ]


def _file(title: str, description: str):
    Document = get_document_model()
    document = Document.objects.filter(
        title=title, collection=library_collection()
    ).first()
    if document is None:
        data = demo_pdf(f"<h1>{title}</h1><p>{description}</p>")
        document = Document(title=title, collection=library_collection())
        slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
        document.file.save(f"{slug[:60]}.pdf", ContentFile(data), save=False)
        document._set_document_file_metadata()
        document.save()
    return document


def _item(
    title: str, *, type: str, groups: list[str], themes: list[str], **fields
) -> LibraryItem:
    """A Dutch demo item with its lists, unless one with `title` exists."""
    source = Locale.get_default()
    existing = LibraryItem.objects.filter(title=title, locale=source).first()
    if existing is not None:
        return existing
    item = LibraryItem(
        title=title, type=_entries(ItemType, [type])[0], locale=source, **fields
    )
    item.target_groups.set(_entries(TargetGroup, groups))
    item.themes.set(_entries(Theme, themes))
    item.save()
    return item


def _leads_to(row: dict, number: int, placeholder: str) -> dict:
    """What a demo item leads to: its own PDF (made once), or the placeholder page."""
    if row["form"] == "file":
        return {"document": _file(row["title"], row["description"])}
    if row["form"] == "video":
        return {"video_url": f"{placeholder}?video={number}"}
    return {"link": f"{placeholder}?materiaal={number}"}


def load_demo_library(*, learner: User, submitter: User) -> list[LibraryItem]:
    placeholder = _placeholder_url()
    items = []
    for number, row in enumerate(json.loads(CONTENT.read_text(encoding="utf-8"))):
        items.append(
            _item(
                row["title"],
                type=row["type"],
                groups=row["target_groups"],
                themes=row["themes"],
                description=row["description"],
                keywords=row["keywords"],
                organisation=row["organisation"],
                language=row["language"],
                level=row["level"],
                licence=row["licence"],
                published_on=date.fromisoformat(row["published_on"]),
                **_leads_to(row, number, placeholder),
            )
        )
    for kit in TrainerKitPage.objects.live():
        kit_item_sync(kit)
    _exercise_item()
    for item in items[:3]:
        Favourite.objects.get_or_create(user=learner, item=item)
    _waiting_submission(submitter)
    return items


def _exercise_item() -> None:
    """The digihelper course's true/false exercise, open to everyone in the databank."""
    activity = H5PActivity.objects.filter(
        title="Oefening: mag je de code van een bezoeker intikken?"
    ).first()
    if activity is None:
        return
    if not activity.open_to_all:
        activity.open_to_all = True
        activity.save(update_fields=["open_to_all"])
    _item(
        "Waar of niet waar: mag je de code van een bezoeker intikken?",
        type="oefening",
        groups=["digihelpers", "baliemedewerkers"],
        themes=["itsme", "veilig-online"],
        description=(
            "Een korte oefening uit de digihelperopleiding: wat mag je wel en niet "
            "doen als iemand je vraagt om zijn code in te tikken?"
        ),
        keywords="code, pincode, itsme, privacy, oefening",
        organisation="Digitaal Meedoen",
        licence="cc-by",
        h5p_activity=activity,
    )


def _waiting_submission(submitter: User) -> None:
    title = "Stappenplan: een afspraak maken bij de dokter via de app"
    if LibraryItem.objects.filter(title=title).exists():
        return
    a_day_ago = timezone.now() - timedelta(days=1)
    _item(
        title,
        type="handleiding",
        groups=["senioren"],
        themes=["smartphone", "mijngezondheid"],
        description=(
            "Een blad dat ik gebruik in ons digicafé: in zes stappen een afspraak "
            "maken via de app van de huisartsenpraktijk, met schermafbeeldingen."
        ),
        keywords="dokter, afspraak, app, stappenplan",
        organisation="Digicafé Zottegem",
        licence="cc-by",
        status=LibraryItem.Status.SUBMITTED,
        submitted_by=submitter,
        submitted_at=a_day_ago,
        sharing_confirmed_at=a_day_ago,
        document=_file(title, "Zes stappen, met een schermafbeelding bij elke stap."),
    )
