"""Full-text search through Wagtail's search backend, as a queryset."""

from django.db.models import QuerySet
from wagtail.search.backends import get_search_backend


def matching(items: QuerySet, text: str) -> QuerySet:
    """`items` that contain every word of `text`, most relevant first (PostgreSQL
    full-text with the backend's `SEARCH_CONFIG`; SQLite's FTS5 or its plain
    fallback), still a queryset to filter, count and order further."""
    return (
        get_search_backend()
        .search(text, items, operator="and", order_by_relevance=True)
        .get_queryset()
    )
