"""What a person does on the platform, and so where their work is.

One place answers "is this person a trainer, a coordinator, an editor?" for the menu,
the landing page after login and the empty learning path. Roles come from
memberships; an editor is whoever may open the Wagtail admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse

from .content_cache import Generation
from .models import Membership, Organisation, User

__all__ = [
    "NO_ROLES",
    "UserRoles",
    "coordinated_organisations",
    "coordinators_of",
    "is_coordinator_of",
    "is_trainer",
    "landing_url",
    "request_roles",
    "user_roles",
]

#: What the cached roles follow (watched in `LmsConfig.ready`).
ROLES = Generation("roles")

# Wagtail's "can access the admin" permission (app label and codename).
ADMIN_ACCESS = ("wagtailadmin", "access_admin")


@dataclass(frozen=True)
class UserRoles:
    """The roles of one person. `learner` means a learner membership somewhere; a
    person without memberships may still be enrolled in courses."""

    learner: bool = False
    trainer: bool = False
    coordinator: bool = False
    editor: bool = False

    @property
    def has_work(self) -> bool:
        """Whether the person has work beside learning: sessions to give, an
        organisation to coordinate or content to edit."""
        return self.trainer or self.coordinator or self.editor


NO_ROLES = UserRoles()


def user_roles(user: User | AnonymousUser | None) -> UserRoles:
    """The roles of `user`, in one query (none for anonymous visitors).

    `editor` follows Django's ModelBackend, as `user.has_perm("wagtailadmin.
    access_admin")` does: an active superuser, or the permission given to the user or
    to one of their groups. Asked in the same query as the memberships because
    `has_perm` costs two queries of its own, on every page that shows the menu.
    """
    if user is None or not user.is_authenticated:
        return NO_ROLES
    memberships = Membership.objects.filter(user=OuterRef("pk"))
    admin_access = Permission.objects.filter(
        content_type__app_label=ADMIN_ACCESS[0], codename=ADMIN_ACCESS[1]
    ).filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")))
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            is_learner=Exists(memberships.filter(role=Membership.Role.LEARNER)),
            is_trainer=Exists(memberships.filter(role=Membership.Role.TRAINER)),
            is_coordinator=Exists(memberships.filter(role=Membership.Role.COORDINATOR)),
            has_admin_access=Exists(admin_access),
        )
        .values(
            "is_active",
            "is_superuser",
            "is_learner",
            "is_trainer",
            "is_coordinator",
            "has_admin_access",
        )
        .first()
    )
    if row is None:  # the account was deleted during the request
        return NO_ROLES
    return UserRoles(
        learner=row["is_learner"],
        trainer=row["is_trainer"],
        coordinator=row["is_coordinator"],
        editor=row["is_active"] and (row["is_superuser"] or row["has_admin_access"]),
    )


def request_roles(request: HttpRequest) -> UserRoles:
    """The roles of the visitor, asked once per request (the menu and the page that
    needs them share the answer) and kept in the cache until a membership, an account,
    a group or a permission changes (`ROLES`): the menu on every page costs no query.
    They only choose what the menu and the landing pages show; every view checks
    access itself."""
    roles = getattr(request, "_user_roles", None)
    if roles is None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            roles = NO_ROLES
        else:
            roles = ROLES.get(f"user:{user.pk}", lambda: user_roles(user))
        request._user_roles = roles
    return roles


def landing_url(roles: UserRoles) -> str:
    """Where a person lands after logging in: their work, else their learning path.

    A person with several roles lands on the first of trainer, coordinator, editor;
    the menu leads to the others. The Wagtail admin comes last because it leaves the
    site's own pages. Everyone else lands on LOGIN_REDIRECT_URL ("Mijn leertraject").
    Apps above `lms` are reached by URL name only.
    """
    if roles.trainer:
        return reverse("training:trainer_dashboard")
    if roles.coordinator:
        return reverse("coordination:organisations")
    if roles.editor:
        return reverse("wagtailadmin_home")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def is_trainer(user: User | AnonymousUser) -> bool:
    """Whether `user` is a trainer in some organisation: one query."""
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, role=Membership.Role.TRAINER).exists()
    )


def coordinated_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations `user` coordinates (none for anonymous visitors); usable as a
    subquery."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.COORDINATOR
    ).distinct()


def is_coordinator_of(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Whether `user` coordinates `organisation`: one query."""
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation=organisation, role=Membership.Role.COORDINATOR
        ).exists()
    )


def coordinators_of(organisation: Organisation) -> QuerySet[User]:
    """The organisation's coordinators whose accounts are active."""
    return User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=Membership.Role.COORDINATOR,
        is_active=True,
    )
