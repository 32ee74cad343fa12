"""Subscribing with double opt-in, in one click when logged in, and unsubscribing
from a mail's link, from a mail program (RFC 8058) and from the settings page."""

import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from newsletter.models import Subscriber
from newsletter.tokens import confirm_token, unsubscribe_token
from tests.factories import VerifiedUserFactory

from .helpers import subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/nieuwsbrief/inschrijven/"


def ask(client, email: str, **extra):
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda f: f()):
        return client.post(SUBSCRIBE, {"email": email}, **extra)


def link_in(message) -> str:
    return re.search(r"http\S+/nieuwsbrief/bevestigen/\S+/", message.body).group(0)


def without_tokens(content: bytes, email: str) -> str:
    """A page without its CSRF tokens (new on every response) and the address."""
    text = content.decode().replace(email, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_an_address_is_subscribed_only_after_the_link_is_followed(client):
    response = ask(client, "Nieuw@Example.be")
    assert response.status_code == 200
    found = Subscriber.objects.get(email="nieuw@example.be")
    assert found.status == Subscriber.Status.PENDING
    assert found.source == Subscriber.Source.FORM
    assert found.asked_at is not None and found.confirmed_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@example.be"]
    link = path_of(link_in(mail.outbox[0]))

    # Opening the link (a mail scanner does) subscribes nobody: it asks.
    response = client.get(link)
    assert response.status_code == 200
    found.refresh_from_db()
    assert found.status == Subscriber.Status.PENDING

    response = client.post(link)
    assert response.status_code == 200
    found.refresh_from_db()
    assert found.status == Subscriber.Status.SUBSCRIBED
    assert found.confirmed_at is not None


def test_the_answer_does_not_tell_whether_an_address_is_subscribed(client):
    subscriber("bekend@example.be")
    known = ask(client, "bekend@example.be")
    unknown = ask(client, "onbekend@example.be")
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.content, "bekend@example.be") == without_tokens(
        unknown.content, "onbekend@example.be"
    )
    # The subscribed address is not mailed again; the new one is.
    assert [m.to for m in mail.outbox] == [["onbekend@example.be"]]
    assert Subscriber.objects.get(email="bekend@example.be").status == "subscribed"


def test_an_expired_a_forged_or_a_superseded_link_is_refused(client):
    ask(client, "iemand@example.be")
    found = Subscriber.objects.get(email="iemand@example.be")
    # Made eight days ago: past the seven days a link works.
    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        expired = confirm_token(found)
    forged = confirm_token(found)[:-3] + "abc"
    first_link = path_of(link_in(mail.outbox[0]))
    ask(client, "iemand@example.be")  # a new request: the first link is void
    for token in (expired, forged):
        response = client.post(reverse("newsletter:confirm", args=[token]))
        assert response.status_code == 404
    assert client.post(first_link).status_code == 404
    found.refresh_from_db()
    assert found.status == Subscriber.Status.PENDING
    assert client.post(path_of(link_in(mail.outbox[-1]))).status_code == 200
    found.refresh_from_db()
    assert found.status == Subscriber.Status.SUBSCRIBED


def test_requests_are_limited_per_connection_and_per_address(client):
    for _ in range(5):
        assert ask(client, "veel@example.be").status_code == 200
    assert len(mail.outbox) == 3  # three mails an hour to one address
    for number in range(5):
        assert ask(client, f"ander{number}@example.be").status_code == 200
    assert ask(client, "nog-een@example.be").status_code == 429
    assert not Subscriber.objects.filter(email="nog-een@example.be").exists()


def test_a_logged_in_person_subscribes_in_one_click_in_their_language(client):
    user = VerifiedUserFactory(email="marie@example.be", preferred_language="fr")
    # An address they once gave through the form becomes their subscription.
    subscriber("marie@example.be", status=Subscriber.Status.PENDING)
    client.force_login(user)
    response = client.post(reverse("newsletter:settings"), {"action": "subscribe"})
    assert response.status_code == 302
    found = Subscriber.objects.get()
    assert found.user == user
    assert found.status == Subscriber.Status.SUBSCRIBED
    assert found.language == "fr"
    assert found.source == Subscriber.Source.PROFILE
    assert found.confirmed_at is not None
    assert mail.outbox == []  # no confirmation needed
    # And stops from the same page.
    client.post(reverse("newsletter:settings"), {"action": "unsubscribe"})
    found.refresh_from_db()
    assert found.status == Subscriber.Status.UNSUBSCRIBED
    assert found.unsubscribed_at is not None


def test_the_settings_page_needs_a_login(client):
    response = client.get(reverse("newsletter:settings"))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_unsubscribing_from_the_link_asks_first_and_needs_no_login():
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    found = subscriber()
    url = reverse("newsletter:unsubscribe", args=[unsubscribe_token(found)])
    assert client.get(url).status_code == 200
    found.refresh_from_db()
    assert found.status == Subscriber.Status.SUBSCRIBED
    response = client.post(url)
    assert response.status_code == 200
    found.refresh_from_db()
    assert found.status == Subscriber.Status.UNSUBSCRIBED
    assert found.unsubscribed_at is not None


def test_a_mail_program_unsubscribes_in_one_click_rfc_8058():
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    found = subscriber()
    url = reverse("newsletter:unsubscribe", args=[unsubscribe_token(found)])
    response = client.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    found.refresh_from_db()
    assert found.status == Subscriber.Status.UNSUBSCRIBED


def test_a_forged_unsubscribe_token_changes_nothing():
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    found = subscriber()
    other = signing.dumps({"s": found.pk}, salt="another.purpose")
    for token in (other, unsubscribe_token(found) + "x"):
        url = reverse("newsletter:unsubscribe", args=[token])
        assert client.post(url).status_code == 404
    found.refresh_from_db()
    assert found.status == Subscriber.Status.SUBSCRIBED


def test_the_confirm_and_settings_forms_need_csrf():
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    assert client.post(SUBSCRIBE, {"email": "x@example.be"}).status_code == 403
    user = VerifiedUserFactory()
    client.force_login(user)
    response = client.post(reverse("newsletter:settings"), {"action": "subscribe"})
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_an_account_that_changes_its_address_takes_its_subscription_along(client):
    user = VerifiedUserFactory(email="oud@example.be")
    client.force_login(user)
    client.post(reverse("newsletter:settings"), {"action": "subscribe"})
    client.post(reverse("newsletter:settings"), {"action": "unsubscribe"})
    user.email = "nieuw@example.be"
    user.save()
    mine = Subscriber.objects.get(user=user)
    assert (mine.email, mine.status) == ("nieuw@example.be", "unsubscribed")
    # Whoever owns the old address now subscribes it: their own subscription, to
    # confirm; the account that unsubscribed stays unsubscribed.
    client.logout()
    ask(client, "oud@example.be")
    client.post(path_of(link_in(mail.outbox[-1])))
    theirs = Subscriber.objects.get(email="oud@example.be")
    assert (theirs.user, theirs.status) == (None, "subscribed")
    mine.refresh_from_db()
    assert mine.status == Subscriber.Status.UNSUBSCRIBED


def test_a_later_subscription_of_the_new_address_counts_for_the_account():
    user = VerifiedUserFactory(email="oud@example.be")
    mine = subscriber("oud@example.be", user=user, status="unsubscribed")
    later = subscriber("nieuw@example.be")  # confirmed through the form, later
    user.email = "nieuw@example.be"
    user.save()
    mine.refresh_from_db()
    assert (mine.email, mine.status) == ("nieuw@example.be", "subscribed")
    assert mine.confirmed_at == later.confirmed_at
    assert not Subscriber.objects.filter(pk=later.pk).exists()
    # A request still waiting for its confirmation decides nothing.
    other = VerifiedUserFactory(email="a@example.be")
    kept = subscriber("a@example.be", user=other)
    subscriber("b@example.be", status="pending")
    other.email = "b@example.be"
    other.save()
    kept.refresh_from_db()
    assert (kept.email, kept.status) == ("b@example.be", "subscribed")
    assert Subscriber.objects.filter(email="b@example.be").count() == 1
