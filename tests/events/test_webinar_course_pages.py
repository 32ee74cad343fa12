"""A course's webinars on its course page (in full) and on its module pages (compact):
title linked to the event in the reader's language, date and time, and the learner's
state; at a constant number of queries."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from courses import completion
from courses.models import ModulePage
from courses.services import enrolment_create
from events.completion import WebinarSource
from events.models import EventRegistration, RecordingView
from languages.services import translation_publish
from tests.factories import UserFactory, build_course, event_page, translate_tree
from tests.factories.courses import french
from tests.queries import PAGE_BUDGET, queries_for

from .helpers import nl, page_text, video

pytestmark = pytest.mark.django_db

Status = EventRegistration.Status


@pytest.fixture(autouse=True)
def webinar_source():
    """The events app registers its source in `EventsConfig.ready`; until that line
    is there, these tests register it themselves (and take it away after)."""
    added = completion.webinars() is None
    if added:
        completion.register(completion.WEBINARS, WebinarSource())
    yield
    if added:
        completion._sources.pop(completion.WEBINARS, None)


def course_with_webinars(*, modules=1, requires=True):
    course = build_course(modules=modules, lessons=1, sections=1)
    course.requires_webinars = requires
    course.save_revision().publish()
    course.refresh_from_db()
    return course


def webinar_section(response) -> str:
    """The text of the page's webinar section, in one line."""
    html = response.content.decode()
    found = re.search(r'<section[^>]*aria-labelledby="course-webinars".*?</section>',
                      html, flags=re.S)  # fmt: skip
    assert found, "no webinar section"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


def line_of(text: str, title: str, following: str | None = None) -> str:
    """The page's text from `title` to the next webinar's title (or 80 characters)."""
    start = text.index(title)
    end = text.index(following, start) if following else start + len(title) + 80
    return text[start:end]


def test_course_page_shows_each_webinar_with_its_date_and_my_state(client):
    course = course_with_webinars()
    attended = event_page(
        title="Webinar A", course=course, starts_in=-timedelta(days=40)
    )
    watched = event_page(
        title="Webinar B", course=course, starts_in=-timedelta(days=30),
        recording=video(),
    )  # fmt: skip
    recorded = event_page(
        title="Webinar C", course=course, starts_in=-timedelta(days=20),
        recording=video(),
    )  # fmt: skip
    registered = event_page(title="Webinar D", course=course)
    waiting = event_page(title="Webinar E", course=course, starts_in=timedelta(days=11))
    open_ = event_page(title="Webinar F", course=course, starts_in=timedelta(days=12))
    event_page(title="Webinar geschrapt", course=course, cancelled=True)
    event_page(title="Webinar elders", course=build_course())
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    EventRegistration.objects.bulk_create(
        [
            EventRegistration(event=attended, user=learner, status=Status.CONFIRMED,
                              attended=True, attended_via="organiser"),
            EventRegistration(event=registered, user=learner, status=Status.CONFIRMED),
            EventRegistration(event=waiting, user=learner, status=Status.WAITING),
        ]
    )  # fmt: skip
    RecordingView.objects.create(
        event=watched, user=learner, watched_at=timezone.now(), reflection="Ja."
    )
    client.force_login(learner)

    response = client.get(course.url)
    text = webinar_section(response)
    html = response.content.decode()
    assert nl("Webinars") in text
    assert (
        nl(
            "To complete this course, attend each webinar, or watch its recording "
            "afterwards and answer its reflection question."
        )
        in text
    )
    assert nl("Attended") in line_of(text, "Webinar A", "Webinar B")
    assert nl("Recording watched") in line_of(text, "Webinar B", "Webinar C")
    assert nl("Watch the recording") in line_of(text, "Webinar C", "Webinar D")
    assert recorded.url + "opname/" in html
    assert nl("Registered") in line_of(text, "Webinar D", "Webinar E")
    assert nl("On the waiting list") in line_of(text, "Webinar E", "Webinar F")
    assert nl("Register") in line_of(text, "Webinar F")
    assert "Webinar geschrapt" not in text and "Webinar elders" not in text
    # Each title leads to its event; the date and time are there, by date.
    for event in (attended, watched, recorded, registered, waiting, open_):
        assert f'href="{event.url}"' in html
    when = timezone.localtime(registered.starts_at, timezone=None)
    assert f'datetime="{registered.starts_at.isoformat()}"' in html or (
        when.strftime("%H:%M") in line_of(text, "Webinar D", "Webinar E")
    )
    assert text.index("Webinar A") < text.index("Webinar D") < text.index("Webinar F")
    # What is missing names the webinars not done yet.
    everything = page_text(response)
    missing = everything[
        everything.index(nl("Still to do")) : everything.index(nl("Webinars"))
    ]
    assert "“Webinar C”" in missing and "“Webinar A”" not in missing


def test_a_visitor_sees_the_webinars_and_a_way_to_register(client):
    course = course_with_webinars(requires=False)
    event_page(title="Webinar voor iedereen", course=course)
    text = webinar_section(client.get(course.url))
    line = line_of(text, "Webinar voor iedereen")
    assert nl("Register") in line
    assert nl("To complete this course") not in text  # the course does not ask


def test_a_course_without_webinars_shows_no_webinar_section(client):
    course = course_with_webinars()
    html = client.get(course.url).content.decode()
    assert 'id="course-webinars"' not in html


def test_every_module_page_repeats_them_compact(client):
    course = course_with_webinars(modules=2)
    past = event_page(title="Webinar houding", course=course, starts_in=-timedelta(1))
    event_page(title="Webinar empathie", course=course)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    EventRegistration.objects.create(
        event=past, user=learner, status=Status.CONFIRMED, attended=True
    )
    client.force_login(learner)
    for module in ModulePage.objects.child_of(course):
        text = webinar_section(client.get(module.url))
        assert nl("Webinars of this course") in text
        assert nl("Attended") in line_of(text, "Webinar houding", "Webinar empathie")
        assert nl("Register") in line_of(text, "Webinar empathie")


def test_the_french_course_page_links_each_webinar_in_french(client):
    course = course_with_webinars()
    translated = event_page(title="Webinar vertaald", course=course)
    copy = french(translated)
    copy.title = "Webinaire traduit"
    french_event = translation_publish(translated, "fr", copy)
    untranslated = event_page(title="Webinar alleen Nederlands", course=course)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    EventRegistration.objects.create(
        event=translated, user=learner, status=Status.CONFIRMED
    )
    client.force_login(learner)
    french_course = translate_tree(course)
    response = client.get(french_course.url)
    html = response.content.decode()
    text = webinar_section(response)
    assert french_course.url.startswith("/fr/")
    assert f'href="{french_event.url}"' in html and "Webinaire traduit" in text
    # Not translated: the Dutch event, linked under /fr/ (with the notice there).
    assert re.search(r'href="/fr/[^"]*/' + untranslated.slug + '/"', html)
    # The state is read on the Dutch event, where the registration is.
    assert "Webinaire traduit" in text and "Webinar vertaald" not in text


def _learner_with_webinars(course, count: int):
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    for n in range(count):
        event = event_page(course=course, starts_in=timedelta(days=n - 2))
        EventRegistration.objects.create(
            event=event, user=learner, status=Status.CONFIRMED, attended=n % 2 == 0
        )
        RecordingView.objects.create(event=event, user=UserFactory())  # noise
    return learner


@pytest.mark.parametrize("page", ["course", "module"])
def test_webinars_cost_the_same_for_1_or_10(client, page):
    counts = []
    for count in (1, 10):
        course = course_with_webinars()
        learner = _learner_with_webinars(course, count)
        client.force_login(learner)
        url = (
            course.url
            if page == "course"
            else ModulePage.objects.child_of(course).first().url
        )
        response = client.get(url)
        assert webinar_section(response).count(nl("Attended")) == (count + 1) // 2
        counts.append(queries_for(client, url))
        assert counts[-1] <= PAGE_BUDGET, f"{page}: {counts[-1]} queries"
    assert counts[0] == counts[1], f"{page}: {counts[0]} for 1, {counts[1]} for 10"
