"""A person's subscriptions are in their data export and go with erasure."""

import zipfile
from io import BytesIO

import pytest
from django.utils import timezone

from newsletter.models import Delivery, Sending, Subscriber
from newsletter.privacy import Newsletter
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from tests.factories import UserFactory

from .helpers import issue_page, mark_sent, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    user = UserFactory(email="quirijn@example.be")
    mine = subscriber("oud-adres@example.be", user=user)
    # Given through the form with their account's address, before they logged in.
    by_address = subscriber("Quirijn@example.be".lower(), status="unsubscribed")
    Subscriber.objects.filter(pk=by_address.pk).update(unsubscribed_at=timezone.now())
    issue = issue_page("Lente")
    mark_sent(issue)
    Sending.objects.filter(issue=issue).update(started_by=user)
    Delivery.objects.create(issue=issue, subscriber=mine, status="sent")
    other = subscriber("iemand-anders@example.be")
    Delivery.objects.create(issue=issue, subscriber=other, status="sent")
    return user


def test_the_export_holds_every_subscription_with_its_consent(person):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        Newsletter().export(person, ExportArchive(zipped))
    with zipfile.ZipFile(buffer) as zipped:
        names = zipped.namelist()
        text = "".join(zipped.read(name).decode() for name in names)
    assert "oud-adres@example.be" in text
    assert "quirijn@example.be" in text
    assert "confirmed_at" in text and "unsubscribed_at" in text
    assert "Lente" in text
    assert "iemand-anders" not in text


def test_erasure_deletes_the_subscriptions_and_their_deliveries(person):
    Newsletter().erase(person, Erasure())
    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "iemand-anders@example.be"
    ]
    assert Delivery.objects.count() == 1
    assert Sending.objects.get().started_by is None
