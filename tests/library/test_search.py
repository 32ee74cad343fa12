"""Finding material in the databank: words (with Dutch stemming), filters with counts,
order, one version per item in the reader's language."""

from datetime import date

import pytest
from django.utils import translation

from library import selectors
from library.models import ItemType, LibraryItem, TargetGroup
from library.selectors import LIBRARY, Query, Sort
from tests.factories import entry, library_item

pytestmark = pytest.mark.django_db


def titles(query: Query, language: str = "nl") -> list[str]:
    return [item.title for item in selectors.search(query, language).items]


def test_words_find_items_by_title_keyword_and_description_with_dutch_stemming():
    library_item("Handleiding itsme", keywords="registreren, app")
    library_item("Videobellen met de tablet", description="Oefeningen voor senioren.")
    library_item("Veilig online winkelen")

    # Dutch stemming: "handleidingen" finds "handleiding", "senior oefening" finds
    # "oefeningen voor senioren".
    assert titles(Query(text="handleidingen")) == ["Handleiding itsme"]
    assert titles(Query(text="registreren")) == ["Handleiding itsme"]
    assert titles(Query(text="senior oefening")) == ["Videobellen met de tablet"]
    # All words must match.
    assert titles(Query(text="veilig tablet")) == []


def test_only_published_items_are_found():
    library_item("Gepubliceerd materiaal")
    for status in ("submitted", "changes", "refused"):
        library_item(f"Materiaal {status}", status=status)

    assert titles(Query()) == ["Gepubliceerd materiaal"]
    assert titles(Query(text="materiaal")) == ["Gepubliceerd materiaal"]


def test_filters_narrow_across_and_widen_within_and_count_each_value():
    library_item("A", type="handleiding", groups=("senioren",), themes=("itsme",))
    library_item("B", type="handleiding", groups=("jongeren",), themes=("csam",))
    library_item("C", type="video", groups=("senioren",), themes=("itsme", "csam"))
    library_item("D", type="oefening", groups=("senioren",), organisation="WeTechCare")

    query = Query(chosen={"type": ("handleiding", "video"), "doelgroep": ("senioren",)})
    results = selectors.search(query, "nl")

    assert sorted(item.title for item in results.items) == ["A", "C"]
    counts = {
        param: {v.value: (v.count, v.chosen) for v in values}
        for param, values in results.facets.items()
    }
    # A filter's counts apply the other filters, not its own: choosing "oefening"
    # would add one item (D is for seniors).
    assert counts["type"] == {
        "handleiding": (1, True),
        "video": (1, True),
        "oefening": (1, False),
    }
    assert counts["doelgroep"] == {"senioren": (2, True), "jongeren": (1, False)}
    assert counts["thema"] == {"itsme": (2, False), "csam": (1, False)}
    assert counts["organisatie"] == {"District09": (2, False)}
    assert counts["taal"] == {"nl": (2, False)}


def test_values_are_listed_in_the_lists_order_with_their_names():
    library_item("A", type="video")
    library_item("B", type="handleiding")

    values = selectors.search(Query(), "nl").facets["type"]

    assert [(v.value, v.label) for v in values] == [
        ("handleiding", "Handleiding"),
        ("video", "Video"),
    ]


def test_orders_by_relevance_newest_and_title():
    library_item("Zo gebruik je itsme", published_on=date(2025, 1, 1))
    library_item(
        "Apps op je smartphone",
        keywords="itsme",
        published_on=date(2026, 3, 1),
    )

    assert titles(Query(text="itsme")) == [
        "Zo gebruik je itsme",
        "Apps op je smartphone",
    ]
    assert titles(Query(text="itsme", sort=Sort.NEWEST)) == [
        "Apps op je smartphone",
        "Zo gebruik je itsme",
    ]
    assert titles(Query(sort=Sort.TITLE)) == [
        "Apps op je smartphone",
        "Zo gebruik je itsme",
    ]
    # Without words, newest first.
    assert titles(Query()) == ["Apps op je smartphone", "Zo gebruik je itsme"]


def test_a_reader_sees_each_item_once_in_their_language_else_in_dutch():
    # The lists' French names (the migration's; a flushed database lacks them).
    entry(TargetGroup, "iedereen", "Tout le monde", language="fr")
    seniors = entry(TargetGroup, "senioren", "Seniors", language="fr")
    dutch = library_item("Handleiding itsme", groups=("senioren",))
    french = dutch.copy_for_translation(seniors.locale)
    french.title = "Mode d'emploi itsme"
    french.save()
    french.target_groups.set(dutch.target_groups.all())
    french.save()
    library_item("Alleen in het Nederlands")
    only_french = library_item("Seulement en français", language="fr")

    assert sorted(titles(Query(), "fr")) == [
        "Alleen in het Nederlands",
        "Mode d'emploi itsme",
        "Seulement en français",
    ]
    assert sorted(titles(Query(), "nl")) == [
        "Alleen in het Nederlands",
        "Handleiding itsme",
        "Seulement en français",
    ]
    # The French reader's filter names are French; the slug is shared.
    with translation.override("fr"):
        values = selectors.search(Query(), "fr").facets["doelgroep"]
    assert [(v.value, v.label, v.count) for v in values] == [
        ("iedereen", "Tout le monde", 2),
        ("senioren", "Seniors", 1),
    ]
    assert only_french.locale.language_code == "fr"


def test_related_items_share_themes_or_target_groups():
    item = library_item("itsme installeren", themes=("itsme",), groups=("senioren",))
    library_item("itsme voor jongeren", themes=("itsme",), groups=("jongeren",))
    library_item("Over itsme en senioren", themes=("itsme",), groups=("senioren",))
    library_item("Iets anders", type="video", themes=("csam",), groups=("jongeren",))
    library_item("Nog niet gepubliceerd", themes=("itsme",), status="submitted")

    related = [i.title for i in selectors.related_items(item)]

    assert related == ["Over itsme en senioren", "itsme voor jongeren"]


def test_a_search_with_two_filters_costs_the_same_queries_for_100_and_10000_items(
    client, django_assert_num_queries
):
    url = "/databank/?q=handleiding&type=handleiding&doelgroep=senioren"
    for count, found in ((100, 50), (9_900, 5_000)):
        _bulk_items(count)
        LIBRARY.bump()  # bulk writes send no signal; an editor's save does this
        client.get("/databank/")  # the lists' names and the locales, cached once
        # The first time: every filter's counts in one statement (the total comes
        # from them), the page, its target groups and themes.
        with django_assert_num_queries(4):
            response = client.get(url)
        assert response.context["page"].paginator.count == found
        # Then the counts come from the cache until the databank changes.
        with django_assert_num_queries(3):
            client.get(url + "&pagina=2")


def _bulk_items(count: int) -> None:
    """`count` items, half of them manuals for seniors, indexed for search."""
    from wagtail.models import Locale
    from wagtail.search.backends import get_search_backend

    from library.models import ItemType

    locale = Locale.objects.get(language_code="nl")
    manual, video = entry(ItemType, "handleiding"), entry(ItemType, "video")
    seniors = entry(TargetGroup, "senioren")
    start = LibraryItem.objects.count()
    items = LibraryItem.objects.bulk_create(
        LibraryItem(
            title=f"Handleiding {n}" if n % 2 == 0 else f"Video {n}",
            description="Stap voor stap uitgelegd.",
            organisation=f"Organisatie {n % 30}",
            type=manual if n % 2 == 0 else video,
            licence="cc-by",
            locale=locale,
            link="https://example.org/",
        )
        for n in range(start, start + count)
    )
    LibraryItem.target_groups.through.objects.bulk_create(
        LibraryItem.target_groups.through(
            libraryitem_id=item.pk, targetgroup_id=seniors.pk
        )
        for item in items
    )
    get_search_backend().add_bulk(LibraryItem, items)


def test_counts_follow_the_databank_when_an_item_is_published(client):
    library_item("Handleiding itsme", type="handleiding")
    url = "/databank/?q=handleiding"
    assert client.get(url).context["page"].paginator.count == 1
    waiting = library_item("Handleiding CSAM", type="handleiding", status="submitted")
    assert client.get(url).context["page"].paginator.count == 1
    waiting.status = LibraryItem.Status.PUBLISHED
    waiting.save()
    response = client.get(url)
    assert response.context["page"].paginator.count == 2
    (value,) = response.context["facets"][0][2]
    assert (value.value, value.count) == ("handleiding", 2)


def test_a_renamed_list_value_shows_its_new_name(client):
    library_item("Handleiding itsme", type="handleiding")
    assert "Handleiding (1)" in client.get("/databank/").content.decode().replace(
        '<span class="facet__count">(', "("
    )
    manual = entry(ItemType, "handleiding")
    manual.name = "Handleidingen en stappenplannen"
    manual.save()
    assert (
        "Handleidingen en stappenplannen" in client.get("/databank/").content.decode()
    )
