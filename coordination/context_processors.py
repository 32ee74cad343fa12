"""Template context for the site's menu."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lms.roles import request_roles


def coordination(request: HttpRequest) -> dict:
    """`user_roles`: the visitor's roles (`lms.roles.UserRoles`), so the menu shows
    "Trainer", "My organisation" and "Administration" where they apply;
    `coordinates_organisations`: whether the visitor coordinates an organisation.

    Lazy, and one query for both: a page that never asks runs none, and a view that
    asked for the roles already (the learning path) shares its answer. Whoever holds
    a coordinator membership coordinates that membership's organisation, so the role
    answers `coordinated_organisations(user).exists()` too.
    """
    roles = SimpleLazyObject(lambda: request_roles(request))
    return {
        "user_roles": roles,
        "coordinates_organisations": SimpleLazyObject(lambda: roles.coordinator),
    }
