"""The site's search page (`/zoeken/`), reached from the search box in the header."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import site_search


def search(request: HttpRequest) -> HttpResponse:
    # PostgreSQL refuses NUL characters in text: drop them rather than fail.
    text = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    sections = site_search(request.user, text) if text else []
    return render(
        request,
        "sitesearch/results.html",
        {
            "text": text,
            "sections": sections,
            "found": sum(len(section.hits) for section in sections),
        },
    )
