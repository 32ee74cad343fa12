"""Databank items and their lists, made the way editors make them."""

from __future__ import annotations

from datetime import date

from wagtail.models import Locale

from library.models import ItemType, LibraryItem, TargetGroup, Theme


def entry(model, slug: str, name: str | None = None, language: str = "nl"):
    """The list value `slug` in `language` (the migration made the usual ones)."""
    value, _created = model.objects.get_or_create(
        locale=Locale.objects.get(language_code=language),
        slug=slug,
        defaults={"name": name or slug.replace("-", " ").capitalize()},
    )
    return value


def library_item(
    title: str = "Handleiding itsme",
    *,
    type: str = "handleiding",
    groups: tuple[str, ...] = ("iedereen",),
    themes: tuple[str, ...] = (),
    language: str = "nl",
    status: str = LibraryItem.Status.PUBLISHED,
    published_on: date | None = None,
    **fields,
) -> LibraryItem:
    """A published item in Dutch with an external link, unless told otherwise."""
    if not any(k in fields for k in ("document", "video_url", "h5p_activity", "kit")):
        fields.setdefault("link", "https://example.org/materiaal")
    item = LibraryItem(
        title=title,
        description=fields.pop("description", f"Over {title}."),
        organisation=fields.pop("organisation", "District09"),
        type=entry(ItemType, type),
        licence=fields.pop("licence", "cc-by"),
        locale=Locale.objects.get(language_code=language),
        status=status,
        published_on=published_on or date(2026, 1, 15),
        **fields,
    )
    item.target_groups.set([entry(TargetGroup, slug) for slug in groups])
    item.themes.set([entry(Theme, slug) for slug in themes])
    item.save()
    return item
