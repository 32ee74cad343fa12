"""Reading the databank: what a visitor sees in their language, searching and
filtering with counts, one item and what is related to it, favourites, submissions.

The list shows each item once, in the reader's language when it has a published
translation, else in Dutch, else as it was written. Filters match list values by
slug, so a French item and its Dutch source count under the same type.

A search with filters costs the same number of queries however many items there are:
the counts of every filter (one statement, then cached), the page of results with its
lists, and the reader's favourites; list names come from the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import CharField, Count, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils import translation

from languages.selectors import locale_languages
from lms.content_cache import Generation
from lms.models import User
from lms.search import matching

from .models import (
    Favourite,
    ItemType,
    LibraryItem,
    ListEntry,
    MaterialLanguage,
    TargetGroup,
    Theme,
)

PUBLISHED = LibraryItem.Status.PUBLISHED

#: The databank's own cache generation (the lists' names, a search's counts): saving
#: an item or a list value starts a new one (`LibraryConfig.ready`) without touching
#: the site's content cache.
LIBRARY = Generation("library")


class Sort:
    RELEVANCE = "relevantie"
    NEWEST = "nieuwste"
    TITLE = "titel"


@dataclass(frozen=True)
class Facet:
    """One filter of the list: its URL parameter and how items are grouped by it."""

    param: str
    lookup: str  # the value an item is counted under
    entries: type[ListEntry] | None = None  # where its labels come from


TYPE = Facet("type", "type__slug", ItemType)
TARGET_GROUP = Facet("doelgroep", "target_groups__slug", TargetGroup)
THEME = Facet("thema", "themes__slug", Theme)
ORGANISATION = Facet("organisatie", "organisation")
LANGUAGE = Facet("taal", "language")
FACETS = (TYPE, TARGET_GROUP, THEME, ORGANISATION, LANGUAGE)
MOST_ORGANISATIONS = 15  # listed under "Organisation" (and any chosen one)


@dataclass(frozen=True)
class Query:
    """What a visitor asked for: words, chosen values per facet, an order."""

    text: str = ""
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = ""

    @property
    def order(self) -> str:
        return self.sort or (Sort.RELEVANCE if self.text else Sort.NEWEST)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class Results:
    items: QuerySet[LibraryItem]  # ordered, not yet paged
    facets: dict[str, list[FacetValue]]
    total: int  # len(items), known from the counts


# --- Which items a reader sees


def _locale_id(language: str) -> int | None:
    return next(
        (pk for pk, code in locale_languages().items() if code == language), None
    )


def items_visible(language: str | None = None) -> QuerySet[LibraryItem]:
    """The published items as a reader of `language` (the active language) sees them:
    one version of each item."""
    return LibraryItem.objects.filter(status=PUBLISHED).filter(
        _one_version(language or translation.get_language())
    )


def _one_version(language: str) -> Q:
    reader, source = _locale_id(language), _locale_id(settings.LANGUAGE_CODE)
    published = LibraryItem.objects.filter(status=PUBLISHED)
    in_reader = published.filter(locale_id=reader).values("translation_key")
    in_source = published.filter(locale_id=source).values("translation_key")
    shown = Q(locale_id=reader)
    if source != reader:
        shown |= Q(locale_id=source) & ~Q(translation_key__in=in_reader)
    others = ~Q(locale_id__in=[reader, source]) & ~Q(translation_key__in=in_reader)
    return shown | others & ~Q(translation_key__in=in_source)


def item_for(user: User | AnonymousUser, pk: int) -> LibraryItem | None:
    """Item `pk` if `user` may open it: published, or their own submission, or any
    item for an editor."""
    item = (
        LibraryItem.objects.filter(pk=pk)
        .select_related("type", "document", "h5p_activity", "kit", "locale")
        .first()
    )
    if item is None:
        return None
    if item.is_public or may_moderate(user):
        return item
    if user.is_authenticated and item.submitted_by_id == user.pk:
        return item
    return None


def translation_for_reader(item: LibraryItem) -> LibraryItem | None:
    """The published version of `item` in the reader's language, when that is
    another item than `item` (where the list would have led)."""
    reader = _locale_id(translation.get_language())
    if item.locale_id == reader:
        return None
    return LibraryItem.objects.filter(
        status=PUBLISHED, translation_key=item.translation_key, locale_id=reader
    ).first()


def may_moderate(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_perm("library.change_libraryitem")


# --- Searching and filtering


def _chosen_filter(query: Query, skip: Facet | None = None) -> Q:
    condition = Q()
    for facet in FACETS:
        values = query.chosen.get(facet.param)
        if values and facet is not skip:
            # Values of one filter widen the list (or), filters narrow it (and).
            ids = LibraryItem.objects.filter(**{f"{facet.lookup}__in": values})
            condition &= Q(pk__in=ids.values("pk"))
    return condition


def search(query: Query, language: str | None = None) -> Results:
    """The visible items that match `query`, ordered, with the counts per value of
    every filter (each counted with the other filters applied, so choosing a value
    shows how many the list would hold)."""
    language = language or translation.get_language()
    matching = _matching(query, language)
    # The counts are the costly part and the same for every page and order of one
    # search: kept in the cache until the databank changes.
    key = json.dumps([language, query.text, sorted(query.chosen.items())])
    counts = LIBRARY.get(
        "library-counts:" + hashlib.sha256(key.encode()).hexdigest(),
        lambda: _facet_counts(matching, query),
    )
    facets = {
        facet.param: _facet_values(facet, counts[facet.param], query, language)
        for facet in FACETS
    }
    # Every item has one language: the language counts (with the other filters
    # applied) add up to the list, for the chosen languages or all of them.
    chosen = query.chosen.get(LANGUAGE.param)
    total = sum(
        n
        for value, n in counts[LANGUAGE.param].items()
        if not chosen or value in chosen
    )
    return Results(items=_ordered(matching, query), facets=facets, total=total)


def items_matching(query: Query, language: str | None = None) -> QuerySet[LibraryItem]:
    """The visible items that match `query`, ordered, without the counts (what the
    site's search box shows of the databank)."""
    return _ordered(_matching(query, language or translation.get_language()), query)


def _matching(query: Query, language: str) -> QuerySet[LibraryItem]:
    """The visible items with `query`'s words (all of them when there are none),
    before its filters; ordered by relevance when there are words."""
    base = LibraryItem.objects.filter(status=PUBLISHED)
    if query.text:
        base = matching(base, query.text)
    return base.filter(_one_version(language))


def _ordered(matching: QuerySet[LibraryItem], query: Query) -> QuerySet[LibraryItem]:
    items = matching.filter(_chosen_filter(query))
    if query.order == Sort.NEWEST or (query.order == Sort.RELEVANCE and not query.text):
        items = items.order_by("-published_on", "title", "pk")
    elif query.order == Sort.TITLE:
        items = items.order_by("title", "pk")
    return with_details(items)


def _facet_counts(
    matching: QuerySet[LibraryItem], query: Query
) -> dict[str, dict[str, int]]:
    """How many of `matching` have each value of each filter, with the other filters
    applied: one statement. On PostgreSQL the matching items are found once (a
    materialised CTE), not once per filter: finding them is the costly part."""
    source = matching
    if connection.vendor == "postgresql":
        source = LibraryItem.objects.filter(
            pk__in=RawSQL("SELECT pk FROM library_matching", ())
        )
    parts = [
        source.filter(_chosen_filter(query, skip=facet))
        .order_by()
        .annotate(facet=Value(facet.param, output_field=CharField()))
        .values_list("facet", facet.lookup)
        # An item is one row per value (filters are subqueries): no DISTINCT needed.
        .annotate(n=Count("pk"))
        for facet in FACETS
    ]
    union = parts[0].union(*parts[1:], all=True)
    counts: dict[str, dict[str, int]] = {facet.param: {} for facet in FACETS}
    if source is matching:
        rows = list(union)
    else:
        found, found_params = matching.order_by().values("pk").query.sql_with_params()
        sql, params = union.query.sql_with_params()
        with connection.cursor() as cursor:
            # Both parts are SQL compiled by Django, their values passed as params.
            statement = "WITH library_matching AS MATERIALIZED (" + found + ") " + sql
            cursor.execute(statement, found_params + params)
            rows = cursor.fetchall()
    for param, value, count in rows:
        if value is not None:
            counts[param][value] = count
    return counts


def with_details(items: QuerySet[LibraryItem]) -> QuerySet[LibraryItem]:
    """What a row of the list shows: the type, and the slugs of its target groups
    and themes (named through `labels`)."""
    return items.select_related("type").prefetch_related(
        Prefetch("target_groups", TargetGroup.objects.only("pk", "slug")),
        Prefetch("themes", Theme.objects.only("pk", "slug")),
    )


def _facet_values(
    facet: Facet, counts: dict[str, int], query: Query, language: str
) -> list[FacetValue]:
    chosen = set(query.chosen.get(facet.param, ()))
    for value in chosen - counts.keys():
        counts[value] = 0  # a chosen value stays visible, to be unchosen
    if facet.entries is not None:
        names = labels(facet.entries, language)
        order = list(names)
        known = [v for v in counts if v in names]
        known.sort(key=order.index)
        return [FacetValue(v, names[v], counts[v], v in chosen) for v in known]
    if facet is LANGUAGE:
        names = dict(MaterialLanguage.choices)
        known = [v for v in names if v in counts]
        return [FacetValue(v, str(names[v]), counts[v], v in chosen) for v in known]
    # Organisations: the most frequent (and every chosen one), not thousands.
    ordered = sorted(counts, key=lambda v: (-counts[v], v.lower()))
    shown = ordered[:MOST_ORGANISATIONS] + [
        v for v in ordered[MOST_ORGANISATIONS:] if v in chosen
    ]
    return [FacetValue(v, v, counts[v], v in chosen) for v in shown]


def labels(entries: type[ListEntry], language: str | None = None) -> dict[str, str]:
    """The names of a list's values in `language` (Dutch where not translated), by
    slug, in the list's order (cached until the databank changes)."""
    language = language or translation.get_language()

    def read() -> dict[str, str]:
        rows = entries.objects.filter(
            locale_id__in=[
                _locale_id(settings.LANGUAGE_CODE),
                _locale_id(language),
            ]
        ).order_by("sort_order", "name")
        names: dict[str, str] = {}
        reader = _locale_id(language)
        for row in rows:
            if row.slug not in names or row.locale_id == reader:
                names[row.slug] = row.name
        return names

    return LIBRARY.get(f"library-labels:{entries.__name__}:{language}", read)


def list_entries(entries: type[ListEntry]) -> QuerySet[ListEntry]:
    """The values a submitter chooses from: the Dutch ones (facts are kept on them)."""
    return entries.objects.filter(locale_id=_locale_id(settings.LANGUAGE_CODE))


def related_items(item: LibraryItem, count: int = 4) -> list[LibraryItem]:
    """Other visible items sharing the most themes and target groups with `item`,
    the newest first among equals: one query (plus the rows' details)."""
    themes = [theme.slug for theme in item.themes.all()]
    groups = [group.slug for group in item.target_groups.all()]
    shared = Count("themes", filter=Q(themes__slug__in=themes), distinct=True) + Count(
        "target_groups", filter=Q(target_groups__slug__in=groups), distinct=True
    )
    candidates = (
        items_visible()
        .exclude(translation_key=item.translation_key)
        .filter(
            Q(themes__slug__in=themes)
            | Q(target_groups__slug__in=groups)
            | Q(type__slug=item.type.slug)
        )
        .annotate(shared=shared)
        .order_by("-shared", "-published_on", "pk")
    )
    return list(with_details(candidates)[:count])


# --- Favourites and submissions


def favourite_keys(user: User | AnonymousUser) -> set[UUID]:
    """The items `user` starred, as translation keys (a star shows on every
    language version)."""
    if not user.is_authenticated:
        return set()
    return set(
        Favourite.objects.filter(user=user).values_list(
            "item__translation_key", flat=True
        )
    )


def favourites_of(user: User) -> QuerySet[LibraryItem]:
    """The visible items `user` starred, in the reader's language, by title."""
    starred = Favourite.objects.filter(user=user)
    return with_details(
        items_visible()
        .filter(translation_key__in=starred.values("item__translation_key"))
        .order_by("title", "pk")
    )


def submissions_of(user: User) -> QuerySet[LibraryItem]:
    return (
        LibraryItem.objects.filter(submitted_by=user)
        .select_related("type")
        .order_by("-submitted_at", "-pk")
    )


def submissions_waiting() -> QuerySet[LibraryItem]:
    """What the editors still have to decide on, the oldest first."""
    return (
        LibraryItem.objects.filter(status=LibraryItem.Status.SUBMITTED)
        .select_related("type", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def items_with_broken_links() -> QuerySet[LibraryItem]:
    return LibraryItem.objects.filter(link_broken_since__isnull=False).order_by(
        "link_broken_since"
    )


def row_labels(items: Iterable[LibraryItem], language: str | None = None) -> None:
    """Set `type_label`, `group_labels` and `theme_labels` on each item of a page of
    results, in the reader's language (no query: the lists are cached)."""
    types = labels(ItemType, language)
    groups = labels(TargetGroup, language)
    themes = labels(Theme, language)
    for item in items:
        item.type_label = types.get(item.type.slug, item.type.name)
        item.group_labels = [
            groups.get(g.slug, g.slug) for g in item.target_groups.all()
        ]
        item.theme_labels = [themes.get(t.slug, t.slug) for t in item.themes.all()]
