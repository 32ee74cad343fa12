"""Security as ordinary tests: who may open what, CSRF on every POST, hostile input."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import LessonPage
from lms.models import JoinRequest
from tests.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    build_course,
)
from tests.factories.coordination import InvitationFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def course():
    return build_course(lessons=1, sections=2)


def lesson_url(course, suffix=""):
    return LessonPage.objects.descendant_of(course).first().url + suffix


LEARNER_PAGES = {
    "dashboard": lambda course: reverse("courses:dashboard"),
    "profile": lambda course: reverse("profile"),
    "e-mail addresses": lambda course: reverse("account_email"),
    "password change": lambda course: reverse("account_change_password"),
    "lesson": lambda course: lesson_url(course),
    "lesson section": lambda course: lesson_url(course, "onderdeel/1/"),
    "your data": lambda course: reverse("privacy:mine"),
}


@pytest.mark.parametrize("name", LEARNER_PAGES)
def test_learner_pages_send_anonymous_visitors_to_login(client, course, name):
    url = LEARNER_PAGES[name](course)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize(
    "url",
    [
        "/nl/",
        "/nl/opleidingen/",
        "/health/",
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
    ],
)
def test_public_pages_are_open(client, course, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", LEARNER_PAGES)
def test_learner_pages_open_for_an_enrolled_learner(client, course, name):
    user = UserFactory()
    EnrolmentFactory(user=user, course=course)
    client.force_login(user)
    response = client.get(LEARNER_PAGES[name](course), follow=True)
    assert response.status_code == 200


def test_the_editors_admin_is_closed_to_learners(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


POSTS = {
    "enrol": lambda course, user: course.url + "inschrijven/",
    "leave": lambda course, user: course.url + "uitschrijven/",
    "profile": lambda course, user: reverse("profile"),
    "membership leave": lambda course, user: reverse(
        "membership_leave", args=[MembershipFactory(user=user).pk]
    ),
    "language": lambda course, user: reverse("set_language"),
    "logout": lambda course, user: reverse("account_logout"),
    "join request withdraw": lambda course, user: reverse(
        "join_request_withdraw",
        args=[
            JoinRequest.objects.create(user=user, organisation=OrganisationFactory()).pk
        ],
    ),
    "invitation answer": lambda course, user: reverse(
        "coordination:invitation_answer",
        args=[InvitationFactory(email=user.email).pk],
    ),
    "data download": lambda course, user: reverse("privacy:export"),
    "erasure cancel": lambda course, user: reverse("privacy:erasure_cancel"),
}


@pytest.mark.parametrize("name", POSTS)
def test_every_post_needs_a_csrf_token(course, name):
    user = UserFactory()
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(POSTS[name](course, user), {"language": "fr"})
    assert response.status_code == 403


def test_hostile_names_come_out_inert(client):
    user = UserFactory()
    client.force_login(user)
    client.post(
        reverse("profile"),
        {
            "first_name": HOSTILE,
            "last_name": HOSTILE,
            "preferred_language": "nl",
            "forum_mail": "daily",
        },
    )
    html = client.get(reverse("profile")).content.decode()
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html


def test_hostile_catalogue_filters_are_ignored(client, course):
    response = client.get("/nl/opleidingen/", {"audience": HOSTILE, "level": HOSTILE})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert course.title in html


def test_security_headers(client):
    response = client.get("/nl/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
