"""Roles: what a person does on the platform, answered in one query, the same way as
Django's own permission check for the Wagtail admin."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from lms.models import Membership
from lms.roles import UserRoles, landing_url, user_roles
from tests.factories import MembershipFactory, UserFactory, editor

pytestmark = pytest.mark.django_db


def admin_access() -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def test_roles_come_from_memberships(django_assert_num_queries):
    user = UserFactory()
    MembershipFactory(user=user, role=Membership.Role.TRAINER)
    MembershipFactory(user=user, role=Membership.Role.COORDINATOR)
    MembershipFactory(role=Membership.Role.LEARNER)  # someone else's
    with django_assert_num_queries(1):
        roles = user_roles(user)
    assert roles == UserRoles(trainer=True, coordinator=True)
    assert roles.has_work


def test_a_plain_learner_has_no_other_work():
    learner = MembershipFactory(role=Membership.Role.LEARNER).user
    assert user_roles(learner) == UserRoles(learner=True)
    assert not user_roles(learner).has_work
    assert user_roles(UserFactory()) == UserRoles()


def test_anonymous_visitors_have_no_roles_and_cost_no_query(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        assert user_roles(AnonymousUser()) == UserRoles()


def test_editor_is_whoever_may_open_the_wagtail_admin():
    """Directly, through a group, as a superuser: as `has_perm` says, but in the one
    query the menu already makes."""
    direct = UserFactory()
    direct.user_permissions.add(admin_access())
    through_group = editor()
    superuser = UserFactory(is_superuser=True)
    inactive_superuser = UserFactory(is_superuser=True, is_active=False)
    other_group = UserFactory()
    group = Group.objects.create(name="Not editors")
    group.permissions.add(Permission.objects.get(codename="view_user"))
    other_group.groups.add(group)
    learner = UserFactory()

    for user, expected in [
        (direct, True),
        (through_group, True),
        (superuser, True),
        (inactive_superuser, False),
        (other_group, False),
        (learner, False),
    ]:
        assert user.has_perm("wagtailadmin.access_admin") is expected, user
        assert user_roles(user).editor is expected, user


@pytest.mark.parametrize(
    ("roles", "url"),
    [
        (UserRoles(), "/mijn-leertraject/"),
        (UserRoles(learner=True), "/mijn-leertraject/"),
        (UserRoles(trainer=True), "/trainer/"),
        (UserRoles(coordinator=True), "/organisatie/"),
        (UserRoles(editor=True), "/admin/"),
        # Several roles: trainer, then coordinator, then the admin.
        (UserRoles(learner=True, trainer=True, coordinator=True), "/trainer/"),
        (UserRoles(coordinator=True, editor=True), "/organisatie/"),
    ],
)
def test_landing_page_by_role(roles, url):
    assert landing_url(roles) == url
