"""Each role finds its work: the page after logging in, the menu, and the learning path
of someone who follows no course but has other work."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.services import enrolment_create
from lms.models import Membership
from tests.factories import (
    MembershipFactory,
    VerifiedUserFactory,
    build_course,
    editor,
)
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, user, **query):
    url = reverse("account_login")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return client.post(url, {"login": user.email, "password": PASSWORD})


def person(*roles: str, enrolled: bool = False, admin: bool = False):
    """A verified user with a membership per role, an enrolment, admin access."""
    user = VerifiedUserFactory()
    for role in roles:
        MembershipFactory(user=user, role=role)
    if enrolled:
        enrolment_create(user=user, course=build_course())
    if admin:
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
    return user


@pytest.mark.parametrize(
    ("make", "landing"),
    [
        (lambda: person("learner", enrolled=True), "/mijn-leertraject/"),
        (lambda: person(), "/mijn-leertraject/"),
        (lambda: person("trainer"), "/trainer/"),
        (lambda: person("coordinator"), "/organisatie/"),
        (lambda: person(admin=True), "/admin/"),
        # Work first, even for someone who also follows a course.
        (lambda: person("learner", "coordinator", enrolled=True), "/organisatie/"),
        (lambda: person("coordinator", "trainer", admin=True), "/trainer/"),
    ],
    ids=[
        "learner",
        "nobody-yet",
        "trainer",
        "coordinator",
        "editor",
        "enrolled-coordinator",
        "everything",
    ],
)
def test_each_role_lands_on_its_work_after_logging_in(client, make, landing):
    response = log_in(client, make())
    assert response.status_code == 302
    assert response.url == landing
    # The landing page opens for them (a coordinator's list goes on to their one
    # organisation).
    assert client.get(landing, follow=True).status_code == 200


def test_a_login_asked_for_by_a_page_returns_to_that_page(client):
    trainer = person("trainer")
    response = log_in(client, trainer, next="/forum/")
    assert response.url == "/forum/"


def menu(html: str) -> str:
    return re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)


@pytest.mark.parametrize(
    ("roles", "admin", "links"),
    [
        ((), False, set()),
        (("learner",), False, set()),
        (("trainer",), False, {"/trainer/"}),
        (("coordinator",), False, {"/organisatie/"}),
        ((), True, {"/admin/"}),
        (("trainer", "coordinator"), True, {"/trainer/", "/organisatie/", "/admin/"}),
    ],
)
def test_the_menu_leads_each_role_to_its_work(client, roles, admin, links):
    client.force_login(person(*roles, admin=admin))
    nav = menu(client.get(reverse("profile")).content.decode())
    work = {"/trainer/", "/organisatie/", "/admin/"}
    assert {link for link in work if f'href="{link}"' in nav} == links
    # Everyone keeps their learning path, profile and the way out.
    assert 'href="/mijn-leertraject/"' in nav
    assert 'action="/account/logout/"' in nav


def test_the_trainer_entry_is_marked_current_on_the_trainer_pages(client):
    client.force_login(person("trainer"))
    nav = menu(client.get("/trainer/").content.decode())
    assert 'href="/trainer/" aria-current="page"' in nav


@pytest.mark.parametrize(
    ("roles", "admin", "links"),
    [
        (("trainer",), False, ["/trainer/"]),
        (("coordinator",), False, ["/organisatie/"]),
        ((), True, ["/admin/"]),
        (("learner", "trainer", "coordinator"), True, ["/trainer/", "/organisatie/"]),
    ],
)
def test_an_empty_learning_path_shows_the_way_to_ones_work(client, roles, admin, links):
    client.force_login(person(*roles, admin=admin))
    html = client.get(reverse("courses:dashboard")).content.decode()
    main = html[html.index('<main id="main"') :]
    assert 'id="your-work"' in main
    for link in links:
        assert f'class="button" href="{link}"' in main
    assert "Je bent nog niet ingeschreven voor een opleiding." not in main


def test_a_learning_path_with_courses_or_without_other_work_is_unchanged(client):
    client.force_login(person("learner"))
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert 'id="your-work"' not in html
    assert "Je bent nog niet ingeschreven voor een opleiding." in html
    client.force_login(person("coordinator", enrolled=True))
    html = client.get(reverse("courses:dashboard")).content.decode()
    assert 'id="your-work"' not in html
    assert 'class="cards"' in html


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("name", ["courses:dashboard", "profile", "forums:forum_index"])
def test_the_roles_in_the_menu_cost_one_query_whatever_the_roles(client, name):
    """A learner's page and the same page for someone with every role (admin access
    through a group, as Wagtail's editors have it) cost the same: the menu asks one
    query for all roles (kept in the cache until a role changes), and the learning
    path shares it."""
    course = build_course()
    learner = person("learner")
    enrolment_create(user=learner, course=course)
    everyone = editor()
    for role in Membership.Role.values:
        MembershipFactory(user=everyone, role=role)
    enrolment_create(user=everyone, course=course)
    url = reverse(name)

    client.force_login(learner)
    client.get(url)  # warm the caches (site, roles: a login moves them on)
    learner_queries = queries(client, url)
    client.force_login(everyone)
    client.get(url)
    assert queries(client, url) == learner_queries


def test_an_empty_learning_path_with_work_costs_no_extra_query(client):
    # A learner membership, so the assignments panel asks the same as for the others.
    client.force_login(person("learner"))
    url = reverse("courses:dashboard")
    client.get(url)
    plain = queries(client, url)
    client.force_login(person("trainer", "coordinator", admin=True))
    client.get(url)
    assert queries(client, url) == plain
