"""The whole site speaks to people as "je" in Dutch: the account pages too, whose
words come partly from django-allauth's own (formal) Dutch catalogue."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(u|uw|uzelf|U|Uw)\b")

PAGES = [
    "account_signup",
    "account_login",
    "account_reset_password",
    "account_email_verification_sent",
]


def words_on(html: str) -> str:
    """The visible text and the labels of a page, without its markup."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    attributes = " ".join(
        re.findall(r'(?:placeholder|aria-label|title)="([^"]*)"', html)
    )
    return re.sub(r"<[^>]+>", " ", html) + " " + attributes


@pytest.mark.parametrize("name", PAGES)
def test_the_account_pages_say_je_not_u(name):
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="nl")
    text = words_on(client.get(reverse(name)).content.decode())
    formal = sorted({m.group(0) for m in FORMAL.finditer(text)})
    sentences = [s.strip() for s in re.split(r"[.\n]", text) if FORMAL.search(s)]
    assert not formal, sentences[:5]


@pytest.mark.parametrize(
    "name",
    ["account_email", "account_change_password", "account_logout", "profile"],
)
def test_the_pages_of_a_logged_in_account_say_je_not_u(name):
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(VerifiedUserFactory(preferred_language="nl"))
    text = words_on(client.get(reverse(name)).content.decode())
    sentences = [s.strip() for s in re.split(r"[.\n]", text) if FORMAL.search(s)]
    assert not sentences, sentences[:5]


def test_a_sign_up_with_errors_says_je_not_u():
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="nl")
    VerifiedUserFactory(email="bestaat@example.be")
    response = client.post(
        reverse("account_signup"),
        {"email": "bestaat@example.be", "password1": "kort", "password2": "anders"},
    )
    text = words_on(response.content.decode())
    sentences = [s.strip() for s in re.split(r"[.\n]", text) if FORMAL.search(s)]
    assert not sentences, sentences[:5]
