"""The weekly check of the databank's external links, against a real HTTP server of the
test's own on 127.0.0.1: no request leaves the machine."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from celery.schedules import crontab
from django.utils import translation

from library import links
from library.models import LibraryItem
from library.tasks import check_links
from tests.factories import UserFactory, library_item

pytestmark = pytest.mark.django_db

TIMEOUT = 0.5
SLOW = 1.5  # longer than the timeout


class Handler(BaseHTTPRequestHandler):
    """/ok, /missing, /head-refused, /moved, /loop, /slow and /to-private (a redirect to
    the same server by its address, for the private-address test)."""

    server: LinkServer

    def do_HEAD(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        self.server.record(self.command, self.path)
        path = urlsplit(self.path).path
        try:
            if path == "/ok":
                self._send(200)
            elif path == "/head-refused":
                self._send(405 if self.command == "HEAD" else 200)
            elif path == "/moved":
                self._send(302, "/ok")
            elif path == "/loop":
                self._send(302, "/loop")
            elif path == "/to-private":
                self._send(302, f"http://127.0.0.1:{self.server.port}/ok")
            elif path == "/slow":
                time.sleep(SLOW)
                self._send(200)
            else:
                self._send(404)
        except OSError:  # the checker gave up (timeout) and closed the connection
            pass

    def _send(self, status: int, location: str | None = None) -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet
        pass


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []

    def record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def asked(self, path: str) -> list[str]:
        """The methods with which `path` (query included) was asked."""
        with self._lock:
            return [method for method, asked in self.requests if asked == path]


@pytest.fixture
def server():
    httpd = LinkServer()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _link_settings(settings):
    settings.LIBRARY_LINK_CHECK_PRIVATE_ADDRESSES = True
    settings.LIBRARY_LINK_CHECK_TIMEOUT = TIMEOUT


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh(item: LibraryItem) -> LibraryItem:
    item.refresh_from_db()
    return item


def test_links_check_flags_broken_links_and_leaves_working_ones(server):
    missing = library_item("Weg", link=server.url("/missing"))
    ok = library_item("Goed", link=server.url("/ok?shared"))
    same_address = library_item("Ook goed", link=server.url("/ok?shared"))
    moved = library_item("Verhuisd", link=server.url("/moved"))
    head_refused = library_item("Geen HEAD", link=server.url("/head-refused"))
    loop = library_item("Rondje", link=server.url("/loop"))
    slow = library_item("Traag", link=server.url("/slow"))
    unreachable = library_item(
        "Onbereikbaar", link=f"http://127.0.0.1:{closed_port()}/ok"
    )

    started = time.monotonic()
    counts = links.links_check()
    assert time.monotonic() - started < SLOW + 1

    # Counted per address: the shared address once.
    assert counts == {"fine": 3, "broken": 4, "skipped": 0}

    missing = fresh(missing)
    assert missing.link_broken_since is not None
    assert missing.link_problem == "HTTP 404"
    assert missing.link_checked_at is not None

    for item in (ok, same_address, moved, head_refused):
        item = fresh(item)
        assert item.link_broken_since is None, item.title
        assert item.link_problem == "", item.title
        assert item.link_checked_at is not None, item.title

    for item, problem in (
        (loop, "redirects"),
        (slow, "timeout"),
        (unreachable, "unreachable"),
    ):
        item = fresh(item)
        assert item.link_problem == problem
        assert item.link_broken_since is not None
        assert item.link_checked_at is not None

    # An address shared by two items is asked once.
    assert server.asked("/ok?shared") == ["HEAD"]
    # A server that refuses HEAD is asked again with GET.
    assert server.asked("/head-refused") == ["HEAD", "GET"]
    # The redirect was followed; the loop is given up after the allowed hops.
    assert server.asked("/ok") == ["HEAD"]
    assert server.asked("/loop") == ["HEAD"] * (links.MAX_REDIRECTS + 1)


def test_a_link_that_works_again_is_cleared(server):
    item = library_item(
        link=server.url("/ok"),
        link_broken_since=datetime(2026, 1, 4, 4, 15, tzinfo=UTC),
        link_problem="HTTP 404",
    )

    assert links.links_check() == {"fine": 1, "broken": 0, "skipped": 0}

    item = fresh(item)
    assert item.link_broken_since is None
    assert item.link_problem == ""
    assert item.link_checked_at is not None


def test_a_link_still_broken_keeps_the_date_it_broke(server):
    first_broken = datetime(2026, 1, 4, 4, 15, tzinfo=UTC)
    item = library_item(
        link=server.url("/missing"),
        link_broken_since=first_broken,
        link_problem="timeout",
        link_checked_at=first_broken,
    )

    links.links_check()
    item = fresh(item)
    assert item.link_broken_since == first_broken
    assert item.link_problem == "HTTP 404"
    assert item.link_checked_at > first_broken

    # And a link found broken today keeps today's date on the next run.
    other = library_item("Ander", link=server.url("/missing?other"))
    links.links_check()
    since = fresh(other).link_broken_since
    links.links_check()
    assert fresh(other).link_broken_since == since
    assert fresh(item).link_broken_since == first_broken


def test_private_addresses_are_not_asked_by_default(server, settings):
    settings.LIBRARY_LINK_CHECK_PRIVATE_ADDRESSES = False
    item = library_item(link=server.url("/missing"))

    assert links.links_check() == {"fine": 0, "broken": 0, "skipped": 1}

    assert server.requests == []
    item = fresh(item)
    assert item.link_broken_since is None
    assert item.link_problem == ""
    assert item.link_checked_at is None


def test_a_redirect_to_a_private_address_is_not_followed(server, settings, monkeypatch):
    settings.LIBRARY_LINK_CHECK_PRIVATE_ADDRESSES = False
    # "localhost" plays a public host; the redirect goes to 127.0.0.1.
    monkeypatch.setattr(links, "_is_public", lambda host: host != "127.0.0.1")

    assert links.link_problem(server.url("/to-private", host="localhost")) is None
    assert server.requests == [("HEAD", "/to-private")]

    item = library_item(link=server.url("/to-private", host="localhost"))
    assert links.links_check() == {"fine": 0, "broken": 0, "skipped": 1}
    assert server.asked("/ok") == []
    assert fresh(item).link_broken_since is None


def test_only_web_addresses_are_asked():
    assert links.link_problem("ftp://127.0.0.1/bestand.pdf") == "not-web"


def test_refused_items_are_not_checked_and_videos_are(server):
    refused = library_item(
        "Geweigerd",
        link=server.url("/missing?refused"),
        status=LibraryItem.Status.REFUSED,
    )
    video = library_item("Video", type="video", video_url=server.url("/missing?video"))

    assert links.links_check() == {"fine": 0, "broken": 1, "skipped": 0}

    assert server.asked("/missing?refused") == []
    assert fresh(refused).link_checked_at is None
    assert fresh(refused).link_broken_since is None

    assert server.asked("/missing?video") == ["HEAD"]
    video = fresh(video)
    assert video.link_broken_since is not None
    assert video.link_problem == "HTTP 404"


def test_the_check_runs_weekly_as_a_celery_task(server, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["check-library-links"]
    assert entry["task"] == "library.tasks.check_links"
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].day_of_week == {0}  # once a week, on Sunday
    assert check_links.name == "library.tasks.check_links"

    library_item(link=server.url("/missing"))
    library_item("Goed", link=server.url("/ok"))
    assert check_links() == {"fine": 1, "broken": 1, "skipped": 0}
    assert check_links.delay().get(timeout=10) == {
        "fine": 1,
        "broken": 1,
        "skipped": 0,
    }


def test_editors_see_broken_links_on_the_review_page(server, client, settings):
    library_item("Verdwenen handleiding", link=server.url("/missing"))
    library_item("Video in een rondje", type="video", video_url=server.url("/loop"))
    library_item("Werkende handleiding", link=server.url("/ok"))
    links.links_check()
    editor = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(editor)

    response = client.get("/admin/databank/beoordelen/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Verdwenen handleiding" in content
    assert server.url("/missing") in content
    assert "HTTP 404" in content
    assert "Video in een rondje" in content
    with translation.override(settings.LANGUAGE_CODE):
        assert links.problem_label("redirects") in content
    assert "Werkende handleiding" not in content
