"""Throughput of the databank's list and search (`/databank/`) on gunicorn, PostgreSQL
and Redis, for an anonymous visitor, against a plain hello-world view measured in the
same run through the same server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python benchmarks/library_search.py

ITEMS (10,000) published Dutch items, written in bulk with a fixed random seed and
indexed for search: half of them manuals ("handleiding") for seniors, the others of
other types for other target groups (a third of those mention a manual in their
description, so the words alone find more than the filters keep), one or two themes
each, from 40 organisations, published over four years. VISITORS ask for the same page
at the same moment, ROUNDS times; a page's throughput is requests answered per second of
wall time. Every answer must be a 200 with the expected count of items and a full page
of rows: a benchmark that times an error page (or an empty result) is a bug. Uses its
own database (<name>_bench), made afresh and dropped at the end.
"""

import os
import re
import sys
import time
import urllib.error
import urllib.request

from common import database_create, database_drop
from learner_pages import Measured
from quiz_submit import PORT, _NoRedirect, burst, gunicorn
from report import record
from settle import settle

ITEMS = int(os.environ.get("ITEMS", "10000"))
VISITORS, ROUNDS = 50, 6
PER_PAGE = 20  # library.views.PER_PAGE: the rows of a full page
GOAL = 0.05  # our floor for the databank's pages: 5% of hello-world's throughput
# A search nobody asked since the databank last changed counts every filter's values
# (then cached): its time on an otherwise idle server, in seconds.
FIRST_GOAL = 0.5
FIRST_SEARCHES = [
    f"/databank/?q=handleiding&sorteren=titel&doelgroep={group}"
    for group in ("senioren", "jongeren", "anderstaligen", "digihelpers", "iedereen")
]
SEARCH = "/databank/?q=handleiding&type=handleiding&doelgroep=senioren"
LIST = "/databank/"
# Each page, its measure's name and how many items its count must say.
PAGES = {
    f"databank search, 2 filters, {ITEMS:,} items": (SEARCH, (ITEMS + 1) // 2),
    f"databank list, {ITEMS:,} items": (LIST, ITEMS),
}
HELLO = ("/hello/", None)

if not os.environ.get("REDIS_URL"):
    sys.exit("Set REDIS_URL: the web processes share the content cache through it.")

_COUNT = re.compile(rb'<h2 class="library-count" id="results">([^<]*)</h2>')
_ROW = re.compile(rb'<th scope="row" role="rowheader"><a href="/databank/\d+/">')


def fetch(path: str, port: int = PORT) -> tuple[int, bytes, float]:
    """The HTTP status and body of an anonymous GET of `path` (a redirect is not
    followed) and the seconds taken."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    request.add_header("Host", "localhost")
    start = time.perf_counter()
    try:
        with urllib.request.build_opener(_NoRedirect).open(
            request, timeout=60
        ) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, body, time.perf_counter() - start


def wrong(path: str, expected: int | None, status: int, body: bytes) -> str:
    """What is wrong with the answer to `path` ('' when nothing): a 200, and for the
    databank `expected` items counted and a full page of rows."""
    if status != 200:
        return f"HTTP {status}"
    if expected is None:
        return "" if body == b"hello" else "not hello-world's answer"
    counted = _COUNT.search(body)
    if counted is None:
        return "no count of items on the page"
    if (said := re.sub(rb"\D", b"", counted.group(1))) != str(expected).encode():
        return f"{said.decode() or '?'} items counted, {expected} expected"
    if (rows := len(_ROW.findall(body))) != min(PER_PAGE, expected):
        return f"{rows} rows, {min(PER_PAGE, expected)} expected"
    return ""


FAILED: list[str] = []  # answers that were wrong during the bursts


def timed(path: str, expected: int | None) -> float:
    """Seconds for `path`, whose answer must be right (else noted in FAILED, which
    fails the benchmark: a thread of a burst cannot stop it)."""
    status, body, elapsed = fetch(path)
    if problem := wrong(path, expected, status, body):
        FAILED.append(f"{path}: {problem}")
        raise RuntimeError(f"{path}: {problem}")
    return elapsed


def calls(page: tuple[str, int | None]) -> list:
    return [lambda: timed(*page)] * VISITORS


def prepare() -> None:
    """ITEMS published Dutch items written in bulk, half of them manuals for seniors,
    indexed for search, their tables settled."""
    # After django.setup() (database_create): Django requires it for models.
    import random
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Locale
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from library.models import ItemType, LibraryItem, TargetGroup, Theme
    from library.selectors import LIBRARY
    from lms.content_cache import CONTENT

    rng = random.Random(19)  # the same databank on every run
    dutch = Locale.objects.get(language_code="nl")
    types = {t.slug: t for t in ItemType.objects.filter(locale=dutch)}
    groups = {g.slug: g for g in TargetGroup.objects.filter(locale=dutch)}
    themes = list(Theme.objects.filter(locale=dutch))
    manual, seniors = types.pop("handleiding"), groups.pop("senioren")
    others, other_groups = list(types.values()), list(groups.values())
    organisations = [
        f"{kind} {town}"
        for kind in ("Digipunt", "OCMW", "Bibliotheek", "Vormingplus", "CVO")
        for town in ("Gent", "Brugge", "Leuven", "Hasselt", "Mechelen", "Aalst",
                     "Kortrijk", "Genk")
    ]  # fmt: skip
    today = timezone.localdate()
    shapes = []  # per item: its target groups and themes
    items = []
    for n in range(ITEMS):
        chosen = rng.sample(themes, rng.randint(1, 2))
        if n % 2 == 0:
            kind, audience = manual, [seniors]
            if rng.random() < 0.3:
                audience.append(rng.choice(other_groups))
            title = f"Handleiding {chosen[0].name.lower()} voor senioren ({n})"
            description = f"Stap voor stap uitgelegd: {chosen[0].name}."
        else:
            kind, audience = rng.choice(others), rng.sample(other_groups, 1)
            title = f"{kind.name} {chosen[0].name.lower()} ({n})"
            description = (
                "Een oefening bij de handleiding."
                if n % 3 == 0
                else f"Over {chosen[0].name}, voor {audience[0].name.lower()}."
            )
        items.append(
            LibraryItem(
                title=title,
                description=description,
                keywords=", ".join(theme.name.lower() for theme in chosen),
                organisation=rng.choice(organisations),
                type=kind,
                licence="cc-by",
                locale=dutch,
                status=LibraryItem.Status.PUBLISHED,
                published_on=today - timedelta(days=rng.randint(0, 4 * 365)),
                link="https://example.org/materiaal",
            )
        )
        shapes.append((audience, chosen))
    items = LibraryItem.objects.bulk_create(items, batch_size=2000)
    LibraryItem.target_groups.through.objects.bulk_create(
        [
            LibraryItem.target_groups.through(libraryitem=item, targetgroup=group)
            for item, (audience, _chosen) in zip(items, shapes, strict=True)
            for group in audience
        ],
        batch_size=5000,
    )
    LibraryItem.themes.through.objects.bulk_create(
        [
            LibraryItem.themes.through(libraryitem=item, theme=theme)
            for item, (_audience, chosen) in zip(items, shapes, strict=True)
            for theme in chosen
        ],
        batch_size=5000,
    )
    get_search_backend().add_bulk(LibraryItem, items)
    indexed = IndexEntry.objects.filter(object_id__in=[str(i.pk) for i in items])
    if indexed.count() != ITEMS:  # the words would find nothing: a fast lie
        sys.exit(f"{indexed.count()} of {ITEMS} items indexed for search")
    settle(LibraryItem, LibraryItem.target_groups.through, LibraryItem.themes.through,
           IndexEntry)  # fmt: skip
    # Bulk writes send no signal: a new generation, so no web process reads list
    # names or locale ids cached from an earlier database.
    CONTENT.bump()
    LIBRARY.bump()


def main() -> None:
    database_create()
    # After django.setup() (database_create): Django requires it for models.
    from django.db import connection

    prepare()
    connection.close()
    try:
        with gunicorn():
            for name, page in PAGES.items():  # an error page would be a fast lie
                if problem := wrong(page[0], page[1], *fetch(page[0])[:2]):
                    sys.exit(f"{name}: {page[0]}: {problem}")
            for _ in range(2):  # warm the workers with hello-world only
                burst(calls(HELLO))
            first = []
            for path in FIRST_SEARCHES:  # each its own counts: never cached yet
                status, body, elapsed = fetch(path)
                if status != 200 or _COUNT.search(body) is None:
                    sys.exit(f"{path}: HTTP {status} or no count of items")
                first.append(elapsed)
            for page in [HELLO, *PAGES.values()]:  # warm workers and caches
                for _ in range(2):
                    burst(calls(page))
            hello_apart, hello = Measured(), Measured()
            for _ in range(ROUNDS):
                hello_apart.add(calls(HELLO))
            measured = {name: Measured() for name in PAGES}
            for _ in range(ROUNDS):
                hello.add(calls(HELLO))
                for name, page in PAGES.items():
                    measured[name].add(calls(page))
    finally:
        database_drop()
    if FAILED:
        sys.exit(f"{len(FAILED)} wrong answers, the first: {FAILED[0]}")
    # As in learner_pages: the faster of hello-world asked burst after burst and asked
    # between the pages' bursts is the baseline, so its slow moments cannot flatter
    # the pages.
    hello = max(hello, hello_apart, key=lambda m: m.rate)
    print(f"{VISITORS} anonymous visitors at once × {ROUNDS}, {ITEMS:,} items,"
          " gunicorn -w 4, PostgreSQL, Redis")  # fmt: skip
    print(f"{'page':<42}{'per s':>9}{'% hello':>9}{'goal':>6}  {'':<7}{'p95 ms':>8}")
    print(f"{'hello-world':<42}{hello.rate:>9.1f}{100:>8.1f}%{'':>15}"
          f"{hello.p95 * 1000:>8.0f}")  # fmt: skip
    for name in PAGES:
        line = record(
            f"{name}: throughput",
            measured[name].rate,
            baseline=hello.rate,
            unit="per s",
            goal=GOAL,
            impossible_above=1.0,  # faster than hello-world: measured something else
        )
        print(f"{name:<42}{measured[name].rate:>9.1f}{100 * line['ratio']:>8.1f}%"
              f"{100 * GOAL:>5.0f}%  {'met' if line['met'] else 'MISSED':<7}"
              f"{measured[name].p95 * 1000:>8.0f}")  # fmt: skip
    median = sorted(first)[len(first) // 2]
    line = record(
        "databank search, counts not cached yet: time",
        median,
        unit="s",
        goal=FIRST_GOAL,
        higher_is_better=False,
    )
    print(f"a search asked for the first time (median of {len(first)}): "
          f"{median * 1000:.0f} ms, goal ≤ {FIRST_GOAL * 1000:.0f} ms "
          f"{'met' if line['met'] else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
