"""Template context for the site's menu."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import coordinated_organisations


def coordination(request: HttpRequest) -> dict:
    """`coordinates_organisations`: whether the visitor coordinates an organisation, so
    the menu shows "My organisation". Lazy: a page that never asks runs no query."""
    user = getattr(request, "user", None)
    return {
        "coordinates_organisations": SimpleLazyObject(
            lambda: user is not None and coordinated_organisations(user).exists()
        )
    }
