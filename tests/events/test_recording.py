"""An event's recording: the sample video, reading a video's length, who may watch,
the record of the first opening, the 90% rule before a reflection counts (which goes
on to the course's completion), and the video streamed in byte ranges."""

import io
from datetime import timedelta

import av
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from events import attendance
from events.demo_recording import sample_webm
from events.models import EventPage, EventRegistration, RecordingView
from events.recordings import video_seconds
from tests.factories import (
    EnrolmentFactory,
    UserFactory,
    build_course,
    document,
    event_page,
)

from .helpers import en, logged_in

pytestmark = pytest.mark.django_db

Status = EventRegistration.Status
WEBM = sample_webm("Webinar digitale drempels", seconds=10)


def recording_url(event) -> str:
    return en(event.url + event.reverse_subpage("recording"))


def video_url(event) -> str:
    return en(event.url + event.reverse_subpage("recording_file"))


def recorded(**fields) -> EventPage:
    """A webinar held yesterday, with its recording (10 s)."""
    values = {
        "starts_in": -timedelta(days=1),
        "recording": document("Opname", WEBM, name="opname.webm"),
        "recording_title": "Digitale drempels: de opname",
        "transcript": "<p>Welkom bij dit webinar.</p>",
    } | fields
    return event_page(**values)


def webinar_of_course():
    course = build_course()
    event = recorded(course=course, reflection_question="Wat neem je mee?")
    learner = UserFactory()
    EnrolmentFactory(user=learner, course=course)
    return course, event, learner


def opened_ago(event, user, seconds: float) -> None:
    RecordingView.objects.filter(event=event, user=user).update(
        started_at=timezone.now() - timedelta(seconds=seconds)
    )


@pytest.fixture
def recomputed(monkeypatch):
    calls = []
    monkeypatch.setattr(
        attendance,
        "completion_record",
        lambda *, user, course: calls.append((user.pk, course.pk)),
    )
    return calls


# --- The sample video and reading a video


@pytest.mark.parametrize("seconds", [3, 20])
def test_the_sample_is_a_vp8_webm_of_the_length_asked(seconds):
    data = sample_webm("Lerend netwerk e-inclusie", seconds=seconds)
    with av.open(io.BytesIO(data)) as container:
        assert container.format.name == "matroska,webm"
        stream = container.streams.video[0]
        assert stream.codec_context.name == "vp8"
        assert container.duration / av.time_base == pytest.approx(seconds, abs=0.01)
        assert sum(1 for _ in container.decode(stream)) == seconds * 5
    assert video_seconds(io.BytesIO(data)) == seconds


def test_a_file_that_is_no_video_is_refused():
    for data in (b"%PDF-1.4 verslag", b"", bytes(range(256)) * 10):
        with pytest.raises(ValidationError):
            video_seconds(io.BytesIO(data))


def test_an_event_whose_recording_is_no_video_does_not_validate():
    event = recorded()
    event.full_clean()  # the WebM passes
    event.recording = document("Slides", b"%PDF-1.4 demo", name="slides.pdf")
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "recording" in refused.value.message_dict


def test_the_length_is_stored_on_publish_and_else_read_on_first_view():
    event = recorded()
    assert event.recording_seconds is None
    attendance.recording_length_on_publish(sender=EventPage, instance=event)
    assert EventPage.objects.get(pk=event.pk).recording_seconds == 10

    lazy = recorded(afterwards_visible_to="everyone")
    logged_in(UserFactory()).get(recording_url(lazy))
    assert EventPage.objects.get(pk=lazy.pk).recording_seconds == 10


# --- Who may watch


def test_the_recording_is_for_confirmed_participants_by_default():
    event = recorded()
    confirmed = EventRegistration.objects.create(
        event=event, user=UserFactory(), status=Status.CONFIRMED
    )
    waiting = EventRegistration.objects.create(
        event=event, user=UserFactory(), status=Status.WAITING
    )
    organiser = UserFactory()
    event.organisers.add(organiser)
    event.save()

    for user in (confirmed.user, organiser):
        assert logged_in(user).get(recording_url(event)).status_code == 200
        assert logged_in(user).get(video_url(event)).status_code == 200
    for user in (waiting.user, UserFactory()):
        assert logged_in(user).get(recording_url(event)).status_code == 404
        assert logged_in(user).get(video_url(event)).status_code == 404
    anonymous = Client()
    assert anonymous.get(recording_url(event)).status_code == 302
    assert anonymous.get(video_url(event)).status_code == 404


def test_everyone_with_an_account_watches_when_the_organiser_chose_so():
    event = recorded(afterwards_visible_to="everyone")
    html = logged_in(UserFactory()).get(recording_url(event)).content.decode()
    assert "Digitale drempels: de opname" in html
    assert "Welkom bij dit webinar." in html
    assert f'src="{event.url}opname/video/"' in html
    assert 'type="video/webm"' in html
    assert Client().get(recording_url(event)).status_code == 302


def test_the_learners_of_the_course_watch_a_webinar_of_it():
    course, event, learner = webinar_of_course()
    assert logged_in(learner).get(recording_url(event)).status_code == 200
    assert logged_in(UserFactory()).get(recording_url(event)).status_code == 404


def test_an_event_without_recording_has_no_recording_page():
    event = event_page(starts_in=-timedelta(days=1), afterwards_visible_to="everyone")
    assert logged_in(UserFactory()).get(recording_url(event)).status_code == 404
    assert logged_in(UserFactory()).get(video_url(event)).status_code == 404


# --- Watching and the reflection


def test_opening_the_page_records_the_first_start_only():
    course, event, learner = webinar_of_course()
    client = logged_in(learner)
    client.get(recording_url(event))
    first = RecordingView.objects.get(event=event, user=learner).started_at
    client.get(recording_url(event))
    view = RecordingView.objects.get(event=event, user=learner)
    assert view.started_at == first
    assert view.watched_at is None


def test_a_reflection_right_after_opening_is_refused_and_kept(recomputed):
    course, event, learner = webinar_of_course()
    client = logged_in(learner)
    page = client.get(recording_url(event)).content.decode()
    assert "Wat neem je mee?" in page
    assert "disabled" in page  # the button waits for the end of the video

    opened_ago(event, learner, 5)  # of 10 seconds
    response = client.post(recording_url(event), {"reflection": "Geduld loont."})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Watch the recording to the end before you answer" in html
    assert "Geduld loont." in html  # nothing lost
    view = RecordingView.objects.get(event=event, user=learner)
    assert view.watched_at is None and view.reflection == ""
    assert recomputed == []


def test_a_reflection_after_ninety_percent_counts_for_the_course(recomputed):
    course, event, learner = webinar_of_course()
    client = logged_in(learner)
    client.get(recording_url(event))
    opened_ago(event, learner, 9.1)

    assert "disabled" not in client.get(recording_url(event)).content.decode()
    response = client.post(
        recording_url(event), {"reflection": "Geduld loont."}, follow=True
    )

    view = RecordingView.objects.get(event=event, user=learner)
    assert view.reflection == "Geduld loont."
    assert view.watched_at is not None
    assert recomputed == [(learner.pk, course.pk)]
    assert "You watched this recording" in response.content.decode()


def test_an_empty_reflection_is_refused():
    course, event, learner = webinar_of_course()
    client = logged_in(learner)
    client.get(recording_url(event))
    opened_ago(event, learner, 60)
    response = client.post(recording_url(event), {"reflection": "  "})
    assert response.status_code == 200
    assert RecordingView.objects.get(event=event, user=learner).watched_at is None


def test_a_recording_outside_a_course_asks_nothing():
    event = recorded(afterwards_visible_to="everyone")
    client = logged_in(UserFactory())
    assert 'name="reflection"' not in client.get(recording_url(event)).content.decode()
    assert client.post(recording_url(event), {"reflection": "x"}).status_code == 404


def test_the_reflection_needs_the_csrf_token():
    course, event, learner = webinar_of_course()
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    client.get(recording_url(event))
    opened_ago(event, learner, 60)
    assert client.post(recording_url(event), {"reflection": "x"}).status_code == 403


# --- The video in byte ranges


def test_the_video_is_served_whole_or_in_the_range_asked_for():
    event = recorded(afterwards_visible_to="everyone")
    client = logged_in(UserFactory())
    size = len(WEBM)

    whole = client.get(video_url(event))
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Type"] == "video/webm"
    assert b"".join(whole.streaming_content) == WEBM

    part = client.get(video_url(event), HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{size}"
    assert part["Content-Length"] == "100"
    assert b"".join(part.streaming_content) == WEBM[100:200]

    rest = client.get(video_url(event), HTTP_RANGE="bytes=1000-")
    assert rest.status_code == 206
    assert b"".join(rest.streaming_content) == WEBM[1000:]

    tail = client.get(video_url(event), HTTP_RANGE="bytes=-500")
    assert tail["Content-Range"] == f"bytes {size - 500}-{size - 1}/{size}"
    assert b"".join(tail.streaming_content) == WEBM[-500:]

    beyond = client.get(video_url(event), HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{size}"
