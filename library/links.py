"""Keeping the databank's external links alive: every link is asked once a week, and
one that fails is flagged for the editors (since when, and why) until it works again.

Only web addresses on the public internet are asked: an address that resolves to this
machine or a private network (which a submitter could enter to probe the platform's
own services) is skipped, unless `LIBRARY_LINK_CHECK_PRIVATE_ADDRESSES` allows it (the
tests serve their links from this machine). Redirects are followed by hand, five at
most, so each hop passes the same check. Nothing of a response is kept but its status.
"""

from __future__ import annotations

import ipaddress
import socket
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LibraryItem

MAX_REDIRECTS = 5
USER_AGENT = "DigitaalMeedoen-linkcheck/1.0 (+databank digitale inclusie)"
PROBLEMS = {
    "timeout": _("no answer in time"),
    "unreachable": _("the server cannot be reached"),
    "redirects": _("too many redirects"),
    "not-web": _("not a web address"),
}
SKIPPED = None


def problem_label(problem: str) -> str:
    """What an editor reads for a stored problem ("HTTP 404" stays as it is)."""
    return str(PROBLEMS.get(problem, problem))


def _is_public(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise requests.ConnectionError(host) from None
    return all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)


def link_problem(url: str, session: requests.Session | None = None) -> str | None:
    """ "" when `url` answers, the problem when it does not, None when it was not
    asked (an address in a private network)."""
    session = session or requests.Session()
    timeout = settings.LIBRARY_LINK_CHECK_TIMEOUT
    allow_private = settings.LIBRARY_LINK_CHECK_PRIVATE_ADDRESSES
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "not-web"
        try:
            if not allow_private and not _is_public(parts.hostname):
                return SKIPPED
            response = _ask(session, url, timeout)
        except requests.Timeout:
            return "timeout"
        except requests.RequestException:
            return "unreachable"
        if response.is_redirect:
            url = urljoin(url, response.headers["location"])
            continue
        return "" if response.status_code < 400 else f"HTTP {response.status_code}"
    return "redirects"


def _ask(session: requests.Session, url: str, timeout: float) -> requests.Response:
    headers = {"User-Agent": USER_AGENT}
    response = session.head(
        url, allow_redirects=False, timeout=timeout, headers=headers
    )
    if response.status_code in (403, 405, 501):  # servers that refuse HEAD only
        response = session.get(
            url, allow_redirects=False, timeout=timeout, headers=headers, stream=True
        )
        response.close()
    return response


def links_check(workers: int = 8) -> dict[str, int]:
    """Ask every external link of the databank once (an address shared by several
    items once) and record the outcome on the items: how many were fine, broken and
    skipped."""
    items = LibraryItem.objects.filter(~Q(link="") | ~Q(video_url="")).exclude(
        status=LibraryItem.Status.REFUSED
    )
    by_url: dict[str, list[int]] = defaultdict(list)
    for pk, link, video in items.values_list("pk", "link", "video_url"):
        by_url[link or video].append(pk)
    with ThreadPoolExecutor(max_workers=workers) as pool:  # a session per thread
        outcomes = dict(zip(by_url, pool.map(link_problem, by_url), strict=True))
    now = timezone.now()
    counts = {"fine": 0, "broken": 0, "skipped": 0}
    for url, problem in outcomes.items():
        rows = LibraryItem.objects.filter(pk__in=by_url[url])
        if problem is SKIPPED:
            counts["skipped"] += 1
        elif problem:
            counts["broken"] += 1
            rows.filter(link_broken_since__isnull=True).update(link_broken_since=now)
            rows.update(link_problem=problem, link_checked_at=now)
        else:
            counts["fine"] += 1
            rows.update(link_broken_since=None, link_problem="", link_checked_at=now)
    return counts
