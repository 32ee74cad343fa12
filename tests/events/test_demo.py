"""The demo's agenda: past and coming events of every form in several regions, the
three webinars of Connectoo+ (the first recorded, and attended by the demo learner),
in Dutch and French; loading twice changes nothing."""

import pytest
from django.utils import timezone

from courses.demo import ACCOUNTS
from events.demo import load_demo_agenda
from events.models import AgendaPage, EventKind, EventPage, EventRegistration
from tests.factories import CoursePageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_agenda(client):
    course = CoursePageFactory(title="Connectoo+", slug="connectoo-plus")
    learner = UserFactory(email=ACCOUNTS[0].email)
    organiser = UserFactory()
    participants = [UserFactory() for _ in range(12)]

    def load():
        return load_demo_agenda(
            courses_by_slug={"connectoo-plus": course},
            organiser=organiser,
            participants=participants,
        )

    agenda = load()
    counts = (
        EventPage.objects.count(),
        EventRegistration.objects.count(),
        EventKind.objects.count(),
        AgendaPage.objects.count(),
    )
    assert load().pk == agenda.pk
    assert counts == (
        EventPage.objects.count(),
        EventRegistration.objects.count(),
        EventKind.objects.count(),
        AgendaPage.objects.count(),
    )

    assert agenda.show_in_menus and agenda.live
    dutch = EventPage.objects.filter(locale__language_code="nl")
    assert dutch.count() >= 6
    now = timezone.now()
    assert dutch.filter(ends_at__lt=now).exists()
    assert dutch.filter(starts_at__gt=now).exists()
    assert dutch.filter(online=True, in_person=False).exists()
    assert dutch.filter(online=False, in_person=True).exists()
    assert dutch.filter(online=True, in_person=True).exists()
    assert dutch.exclude(region="").values("region").distinct().count() >= 3
    assert EventKind.objects.filter(locale__language_code="fr").count() == 4

    webinars = list(dutch.filter(course=course).order_by("starts_at"))
    assert len(webinars) == 3 and all(w.reflection_question for w in webinars)
    first = webinars[0]
    assert first.ends_at < webinars[1].starts_at
    assert first.recording and first.transcript and first.slides and first.report
    assert first.recording.file.read(4) == b"\x1a\x45\xdf\xa3"  # WebM (Matroska)
    assert first.afterwards_visible_to == "everyone"
    attended = EventRegistration.objects.get(event=first, user=learner)
    assert attended.status == "confirmed" and attended.attended is True

    for url in ("/nl/agenda/", "/fr/agenda/", first.url):
        assert client.get(url).status_code == 200, url
    french = client.get("/fr/agenda/").content.decode()
    assert "Webinaire Connectoo+ 1" in french
