"""Accounts: sign up with e-mail verification, log in, lock-out per user + IP, idle expiry."""

import re
import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms import middleware
from lms.models import JoinRequest, Membership, User
from tests.conftest import cache_clear
from tests.factories import MembershipFactory, OrganisationFactory, VerifiedUserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


def client_from(ip: str) -> Client:
    return Client(HTTP_HOST="localhost", REMOTE_ADDR=ip)


def login(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_verify_and_log_in(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    coordinator = MembershipFactory(organisation=organisation, role="coordinator").user
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Fatima.Janssens@Example.be",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Fatima",
            "last_name": "Janssens",
            "organisation": organisation.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="fatima.janssens@example.be")
    assert (user.email, user.get_full_name()) == (
        "fatima.janssens@example.be",
        "Fatima Janssens",
    )
    # Choosing an organisation asks to join it: nothing of the person reaches it yet.
    assert not Membership.objects.filter(user=user).exists()
    assert JoinRequest.objects.filter(
        user=user, organisation=organisation, status="pending"
    ).exists()

    # Not verified yet: logging in sends the verification mail again instead.
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://\S+/account/confirm-email/\S+/", mail.outbox[0].body
    ).group(0)

    client.get(reverse("account_logout"))
    confirm = client.get(link.replace("http://localhost", ""))
    assert confirm.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link.replace("http://localhost", ""))
    assert EmailAddress.objects.get(user=user).verified
    # Only a verified address reaches the coordinators, who decide.
    assert [m.to for m in mail.outbox[1:]] == [[coordinator.email]]
    assert not Membership.objects.filter(user=user).exists()

    fresh = client_from("10.0.0.1")
    assert login(fresh, "fatima.janssens@example.be", PASSWORD).status_code == 302
    assert fresh.get(reverse("courses:dashboard")).status_code == 200


def test_signing_up_with_the_organisations_own_domain_joins_once_verified(client):
    organisation = OrganisationFactory(join_domains="lede.be")
    client.post(
        reverse("account_signup"),
        {
            "email": "an@lede.be", "password1": PASSWORD, "password2": PASSWORD,
            "first_name": "An", "last_name": "Claes", "organisation": organisation.pk,
        },
    )  # fmt: skip
    user = User.objects.get(email="an@lede.be")
    assert not Membership.objects.filter(user=user).exists()  # not verified yet
    link = re.search(
        r"http://\S+/account/confirm-email/\S+/", mail.outbox[0].body
    ).group(0)
    client.post(link.replace("http://localhost", ""))
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    assert JoinRequest.objects.get(user=user).status == "approved"


def test_an_unverified_user_cannot_reach_the_dashboard():
    user = User.objects.create_user(email="nieuw@example.be", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=False, primary=True
    )
    client = client_from("10.0.0.2")
    response = login(client, user.email, PASSWORD)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("courses:dashboard")).status_code == 302


def test_a_bad_sign_up_keeps_what_was_typed_and_explains(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "geen-adres",
            "password1": "kort",
            "password2": "anders",
            "first_name": "Piet",
            "last_name": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Piet"' in html
    assert 'aria-invalid="true"' in html
    assert "Dit is een verplicht veld" in html
    assert "Dit wachtwoord is te kort" in html
    assert not User.objects.exists()


def test_lock_out_after_five_failures_for_that_user_and_address_only():
    victim = VerifiedUserFactory()
    colleague = VerifiedUserFactory()
    office = client_from("192.0.2.10")
    for _ in range(5):
        login(office, victim.email, "verkeerd-wachtwoord")

    locked = login(office, victim.email, PASSWORD)
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.content.decode()

    # A colleague on the same office IP still logs in …
    assert (
        login(client_from("192.0.2.10"), colleague.email, PASSWORD).status_code == 302
    )
    # … and so does the victim from home.
    assert login(client_from("198.51.100.7"), victim.email, PASSWORD).status_code == 302


def test_the_lock_out_ends_after_the_cool_off(settings):
    user = VerifiedUserFactory()
    client = client_from("192.0.2.11")
    for _ in range(5):
        login(client, user.email.upper(), "fout")  # case does not dodge the counter
    assert login(client, user.email, PASSWORD).status_code == 429

    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    cache_clear()
    assert login(client, user.email, PASSWORD).status_code == 302


@pytest.fixture
def db_sessions(settings):
    """Sessions in the database (as without Redis), where their deadline can be read."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_sessions_expire_after_thirty_minutes_idle(db_sessions):
    user = VerifiedUserFactory()
    client = client_from("192.0.2.12")
    login(client, user.email, PASSWORD)
    client.get(reverse("courses:dashboard"))

    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    cache_clear()  # the cached copy of the session expires at the same moment
    response = client.get(reverse("courses:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_idle_deadline_moves_without_a_write_per_request(db_sessions, monkeypatch):
    """Reading pages renews the session at most once per SESSION_RENEW_AFTER: the
    requests in between write nothing, the first one after renews it."""
    user = VerifiedUserFactory()
    client = client_from("192.0.2.13")
    login(client, user.email, PASSWORD)
    client.get(reverse("courses:dashboard"))  # the first renewal
    soon = timezone.now() + timedelta(minutes=2)
    Session.objects.update(expire_date=soon)
    cache_clear()
    client.get(reverse("courses:dashboard"))
    assert Session.objects.get().expire_date == soon  # not written

    later = time.time() + settings.SESSION_RENEW_AFTER + 1
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    client.get(reverse("courses:dashboard"))
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=29)


def test_with_the_cache_engine_sessions_never_reach_the_database(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    user = VerifiedUserFactory()
    client = client_from("192.0.2.14")
    login(client, user.email, PASSWORD)
    assert client.get(reverse("courses:dashboard")).status_code == 200
    assert not Session.objects.exists()
    cache_clear()  # the cache is where it lived: the visitor is logged out
    response = client.get(reverse("courses:dashboard"))
    assert response["Location"].startswith(reverse("account_login"))


def test_password_reset_mails_a_link(client):
    user = VerifiedUserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/account/password/reset/key/" in mail.outbox[0].body


def test_log_out_needs_a_post_with_csrf():
    user = VerifiedUserFactory()
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("account_logout")).status_code == 403
    assert client.get(reverse("courses:dashboard")).status_code == 200


def test_behind_a_proxy_the_lock_out_is_per_visitor_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = VerifiedUserFactory()

    def via_proxy(visitor: str) -> Client:
        return Client(
            HTTP_HOST="localhost", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=visitor
        )

    attacker = via_proxy("1.2.3.4, 203.0.113.9")  # spoofs 1.2.3.4; the proxy saw .9
    for _ in range(5):
        login(attacker, user.email, "fout")
    assert login(via_proxy("203.0.113.9"), user.email, PASSWORD).status_code == 429
    assert login(via_proxy("203.0.113.10"), user.email, PASSWORD).status_code == 302
