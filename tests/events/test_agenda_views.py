"""The public agenda: what it lists, its filters, its query budget, and each event's
facts as a visitor sees them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventRegistration
from tests.factories import UserFactory, agenda, event_kind, event_page
from tests.queries import BUDGET, queries_for

from .helpers import nl, nl_count, page_text, video

pytestmark = pytest.mark.django_db


def upcoming_and_past(response) -> tuple[str, str]:
    text = page_text(response)
    upcoming, _, past = text.partition(nl("Past events"))
    return upcoming, past


def test_agenda_lists_upcoming_and_past_with_their_facts(client):
    coming = event_page(title="Netwerkdag Oostende", capacity=3)
    EventRegistration.objects.create(
        event=coming, user=UserFactory(), status="confirmed"
    )
    full = event_page(title="Volle bijeenkomst", capacity=1)
    EventRegistration.objects.create(event=full, user=UserFactory(), status="confirmed")
    recorded = event_page(
        title="Webinar van vorige maand",
        starts_in=-timedelta(days=30),
        recording=video(),
    )
    response = client.get(agenda().url)
    assert response.status_code == 200
    upcoming, past = upcoming_and_past(response)
    card = upcoming.split("Netwerkdag Oostende")[1].split("Volle bijeenkomst")[0]
    assert nl_count("%(counter)s place left", "%(counter)s places left", 2) in card
    assert "Stadhuis, Markt 1, 8400 Oostende" in card and nl("online") in card
    assert nl("Full: waiting list") in upcoming.split("Volle bijeenkomst")[1]
    assert "Webinar" in upcoming  # the kind
    assert recorded.title in past and nl("Recording available") in past
    assert recorded.title not in upcoming
    assert 'href="/agenda.ics"' in response.content.decode()


def test_agenda_redirects_to_the_language(client):
    agenda()
    response = client.get("/agenda/")
    assert response.status_code == 302
    assert response["Location"].endswith("/nl/agenda/")


def test_filters_by_kind_mode_and_region(client):
    study = event_kind("studiedag", "Studiedag")
    event_page(title="Alleen online", in_person=False, address="", region="")
    event_page(
        title="Studiedag Gent",
        kind=study,
        online=False,
        meeting_url="",
        region="oost-vlaanderen",
    )
    event_page(title="Hybride Oostende")  # online and in person, West Flanders
    url = agenda().url
    everything = {"Alleen online", "Studiedag Gent", "Hybride Oostende"}

    def listed(query: str) -> set[str]:
        upcoming, _past = upcoming_and_past(client.get(url + query))
        return {title for title in everything if title in upcoming}

    assert listed("") == everything
    assert listed("?soort=studiedag") == {"Studiedag Gent"}
    assert listed("?vorm=online") == {"Alleen online", "Hybride Oostende"}
    assert listed("?vorm=in_person") == {"Studiedag Gent", "Hybride Oostende"}
    assert listed("?regio=west-vlaanderen") == {"Hybride Oostende"}
    assert listed("?soort=webinar&regio=west-vlaanderen&vorm=online") == {
        "Hybride Oostende"
    }
    # An unknown value (an old link) filters nothing rather than failing.
    assert listed("?soort=bestaat-niet") == everything


def test_unpublished_events_are_not_listed(client):
    hidden = event_page(title="Nog een kladversie")
    hidden.unpublish()
    assert "Nog een kladversie" not in page_text(client.get(agenda().url))


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_agenda_queries_do_not_grow_with_events(client, logged_in):
    user = UserFactory()
    if logged_in:
        client.force_login(user)
    url = agenda().url

    def add(n: int, offset: int) -> None:
        for number in range(offset, offset + n):
            event = event_page(starts_in=timedelta(days=5 + number))
            EventRegistration.objects.create(
                event=event, user=UserFactory(), status="confirmed"
            )
            EventRegistration.objects.create(event=event, user=user, status="waiting")
            event_page(starts_in=-timedelta(days=5 + number))

    add(1, 0)
    one = queries_for(client, url)
    add(9, 1)
    ten = queries_for(client, url)
    assert ten == one, f"1 event: {one} queries, 10 events: {ten}"
    assert ten <= BUDGET


def test_event_page_shows_where_and_when_and_no_link_to_visitors(client):
    event = event_page(
        title="Bijeenkomst in de bib",
        accessibility="Rolstoeltoegankelijk, ringleiding.",
    )
    response = client.get(event.url)
    text = page_text(response)
    assert "Stadhuis, Markt 1, 8400 Oostende" in text
    assert "Rolstoeltoegankelijk, ringleiding." in text
    assert nl("West Flanders") in text
    assert nl("Log in to register") in text
    assert "meet.example.org" not in response.content.decode()


def test_event_page_says_closed_and_cancelled(client):
    client.force_login(UserFactory())
    closed = event_page(
        starts_in=timedelta(hours=10),
        registration_deadline=timezone.now() - timedelta(hours=1),
    )
    response = client.get(closed.url)
    assert nl("Registration is closed.") in page_text(response)
    assert "inschrijven/" not in response.content.decode()
    cancelled = event_page(cancelled=True)
    text = page_text(client.get(cancelled.url))
    assert nl("This event is cancelled.") in text
    assert nl("You can no longer register.") in text
