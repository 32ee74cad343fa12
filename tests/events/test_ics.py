"""Calendar files: one event, and the whole agenda as a feed (what is to come and the
last 90 days), with stable UIDs, cancellations marked and never the meeting link."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from events.models import EventRegistration
from tests.factories import UserFactory, event_page

pytestmark = pytest.mark.django_db


def unfolded(body: str) -> str:
    return body.replace("\r\n ", "")


def vevents(body: str) -> list[str]:
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded(body), flags=re.S)


def test_one_event_as_a_calendar_file(client):
    event = event_page(
        title="Netwerkdag, met lunch; en workshops",
        intro="<p>Een dag <strong>samen</strong> leren.</p>",
    )
    response = client.get(event.url + "kalender/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.endswith("\r\n") and all(
        len(line.encode()) <= 75 for line in body.split("\r\n")
    )
    [vevent] = vevents(body)
    assert f"UID:event-{event.translation_key}@" in vevent
    assert "SUMMARY:Netwerkdag\\, met lunch\\; en workshops" in vevent
    assert "Een dag samen leren." in vevent
    assert "LOCATION:Stadhuis\\, Markt 1\\, 8400 Oostende · Online" in vevent
    assert f"URL:{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{event.url}" in vevent
    assert "STATUS:CONFIRMED" in vevent
    assert "meet.example.org" not in body
    # The same UID every time: a calendar updates the event rather than adding it.
    again = vevents(client.get(event.url + "kalender/").content.decode())[0]
    assert re.search("UID:.*", again)[0] == re.search("UID:.*", vevent)[0]


def test_a_cancelled_event_says_so(client):
    event = event_page(cancelled=True)
    assert "STATUS:CANCELLED" in client.get(event.url + "kalender/").content.decode()


def test_the_feed_holds_what_is_to_come_and_the_last_90_days(client):
    coming = event_page(title="Binnenkort")
    recent = event_page(title="Vorige maand", starts_in=-timedelta(days=30))
    event_page(title="Lang geleden", starts_in=-timedelta(days=120))
    cancelled = event_page(title="Afgelast", cancelled=True)
    draft = event_page(title="Nog niet gepubliceerd")
    draft.unpublish()
    holder = UserFactory()
    EventRegistration.objects.create(event=coming, user=holder, status="confirmed")
    client.force_login(holder)  # even a participant's feed has no meeting link

    response = client.get(reverse("events:feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "text/calendar"
    )
    body = unfolded(response.content.decode())
    summaries = [re.search(r"SUMMARY:(.*)\r\n", v)[1] for v in vevents(body)]
    assert summaries == [recent.title, coming.title, cancelled.title]
    assert "Lang geleden" not in body and "Nog niet gepubliceerd" not in body
    assert body.count("STATUS:CANCELLED") == 1
    assert "meet.example.org" not in body
    assert reverse("events:feed") == "/agenda.ics"
