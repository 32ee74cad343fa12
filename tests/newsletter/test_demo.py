"""The demo's newsletter: an archive in Dutch and French, a sent issue and a draft,
the demo subscribers; loading twice changes nothing."""

import pytest
from django.core import mail

from home.services import home_page_ensure
from newsletter.demo import SUBSCRIBED_ACCOUNTS, load_demo_newsletter
from newsletter.models import (
    Delivery,
    NewsletterArchivePage,
    NewsletterIssuePage,
    Sending,
    Subscriber,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_newsletter_loads_twice_the_same(client):
    home_page_ensure()
    for email in SUBSCRIBED_ACCOUNTS:
        UserFactory(email=email)
    archive = load_demo_newsletter()
    load_demo_newsletter()
    assert archive.show_in_menus and archive.slug == "nieuwsbrief"
    assert NewsletterArchivePage.objects.count() == 2  # Dutch and French
    dutch = NewsletterIssuePage.objects.filter(locale__language_code="nl")
    assert sorted(dutch.values_list("live", flat=True)) == [False, True]
    assert Sending.objects.get().finished_at is not None
    assert Subscriber.objects.filter(status="subscribed").count() == 4
    assert Delivery.objects.filter(status="sent").count() == 4
    assert mail.outbox == []  # nobody was mailed
    response = client.get("/fr/nieuwsbrief/")
    assert [i.title for i in response.context["issues"]] == [
        "Lettre d'information numéro 1"
    ]
