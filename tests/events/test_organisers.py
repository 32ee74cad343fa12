"""An event's organisers: who reaches the participant list (everyone else: 404), what
it shows at a constant cost, the CSV and XLSX exports, marking attendance (which goes
on to the course's completion), the admin's button, and the platform's join link with
its time window."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone
from wagtail import hooks

from events import attendance
from events.admin_buttons import (
    participants_header_button,
    participants_listing_button,
)
from events.attendance import JOIN_OPENS_BEFORE, attendance_record
from events.models import EventRegistration
from lms.models import Membership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    agenda,
    build_course,
    event_page,
)
from tests.queries import captured_for

from .helpers import en, logged_in, page_editor

pytestmark = pytest.mark.django_db

Status = EventRegistration.Status
QUESTIONS = [
    {"type": "question", "value": {"label": "Dieetwensen", "help_text": "",
                                   "required": False, "choices": []}},
    {"type": "question", "value": {"label": "Eerste keer?", "help_text": "",
                                   "required": True, "choices": ["ja", "nee"]}},
]  # fmt: skip


def participants_url(event) -> str:
    return en(event.url + event.reverse_subpage("participants"))


def join_url(event) -> str:
    return en(event.url + event.reverse_subpage("join"))


def register(event, user=None, status=Status.CONFIRMED, answers=None):
    return EventRegistration.objects.create(
        event=event, user=user or UserFactory(), status=status, answers=answers or {}
    )


def organised(**fields):
    organiser = UserFactory(first_name="Olga")
    event = event_page(questions=QUESTIONS, **fields)
    event.organisers.add(organiser)
    event.save()
    return event, organiser


# --- Who reaches the participant list


def test_organisers_editors_and_listed_trainers_see_the_list_others_get_404():
    event, organiser = organised()
    trainer = UserFactory()
    MembershipFactory(user=trainer, role=Membership.Role.TRAINER)
    event.organisers.add(trainer)
    event.save()
    participant = register(event).user
    unlisted_trainer = UserFactory()
    MembershipFactory(user=unlisted_trainer, role=Membership.Role.TRAINER)
    url = participants_url(event)

    for user in (organiser, trainer, page_editor()):
        assert logged_in(user).get(url).status_code == 200
    for user in (participant, unlisted_trainer, UserFactory()):
        assert logged_in(user).get(url).status_code == 404
        assert logged_in(user).get(url + "?export=csv").status_code == 404
        response = logged_in(user).post(url, {"present": [1]})
        assert response.status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/account/login/" in anonymous["Location"]


def test_the_organiser_of_one_event_gets_404_on_another():
    event, organiser = organised()
    other, _ = organised()
    register(other, UserFactory(email="geheim@example.org"))
    client = logged_in(organiser)
    assert client.get(participants_url(event)).status_code == 200
    response = client.get(participants_url(other))
    assert response.status_code == 404
    assert b"geheim@example.org" not in response.content
    assert client.get(participants_url(other) + "?export=xlsx").status_code == 404


# --- What the list shows


def test_the_list_shows_the_registered_and_the_waiting_with_their_answers():
    event, organiser = organised()
    organisation = OrganisationFactory(name="OCMW Oostende")
    anna = UserFactory(first_name="Anna", last_name="Peeters", email="anna@example.org")
    MembershipFactory(user=anna, organisation=organisation)
    register(event, anna, answers={"Dieetwensen": "vegetarisch", "Eerste keer?": "ja"})
    # Names long enough that no CSRF token in the page can hold them by chance.
    register(event, UserFactory(first_name="Woutwachtend"), status=Status.WAITING)
    register(event, UserFactory(first_name="Casgeannuleerd"), status=Status.CANCELLED)

    html = logged_in(organiser).get(participants_url(event)).content.decode()

    registered, waiting = html.split('id="waiting-heading"')
    for text in ("Anna Peeters", "anna@example.org", "OCMW Oostende", "vegetarisch",
                 "Dieetwensen", "Eerste keer?"):  # fmt: skip
        assert text in registered
    assert "Woutwachtend" in waiting and "Woutwachtend" not in registered
    assert "Casgeannuleerd" not in html


def test_the_list_costs_the_same_queries_for_1_and_20_participants():
    def cost(count: int) -> int:
        event, organiser = organised(starts_in=-timedelta(hours=1))
        for number in range(count):
            user = UserFactory()
            MembershipFactory(user=user)
            register(event, user, answers={"Dieetwensen": f"wens {number}"})
            register(event, status=Status.WAITING)
        client = logged_in(organiser)
        client.get(participants_url(event))
        return len(captured_for(client, participants_url(event)))

    assert cost(1) == cost(20)


# --- Exports


def test_the_csv_export_holds_everyone_with_formulas_neutralised():
    event, organiser = organised()
    register(
        event,
        UserFactory(first_name='=HYPERLINK("http://x")', last_name="Kwaad"),
        answers={"Dieetwensen": "+glutenvrij", "Eerste keer?": "nee"},
    )
    register(event, UserFactory(first_name="Wout", last_name="Wachter"),
             status=Status.WAITING)  # fmt: skip

    response = logged_in(organiser).get(participants_url(event) + "?export=csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == [
        "Name",
        "E-mail",
        "Organisation",
        "Dieetwensen",
        "Eerste keer?",
    ]
    assert rows[1][0] == '\'=HYPERLINK("http://x") Kwaad'
    assert rows[1][3:5] == ["'+glutenvrij", "nee"]
    assert rows[2][0] == "Wout Wachter"
    assert len(rows) == 3


def test_the_xlsx_export_opens_with_the_same_rows():
    event, organiser = organised()
    register(event, UserFactory(first_name="Anna", last_name="Peeters"),
             answers={"Dieetwensen": "=1+1"})  # fmt: skip

    response = logged_in(organiser).get(participants_url(event) + "?export=xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Name", "E-mail", "Organisation", "Dieetwensen"]
    assert rows[1][0] == "Anna Peeters"
    assert rows[1][3] == "'=1+1"
    assert rows[1][5] == "Registered"
    assert rows[1][6].date() == timezone.localdate()  # a real date, not text


# --- Attendance


def test_attendance_waits_for_the_start():
    event, organiser = organised(starts_in=timedelta(hours=1))
    registration = register(event)
    client = logged_in(organiser)
    page = client.get(participants_url(event)).content.decode()
    assert 'name="present"' not in page

    response = client.post(
        participants_url(event),
        {"present": [registration.pk], "listed": [registration.pk]},
        follow=True,
    )

    assert "once the event has begun" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended is None


def test_the_organiser_marks_attendance_and_the_course_is_recomputed(monkeypatch):
    course = build_course()
    event, organiser = organised(starts_in=-timedelta(hours=1), course=course)
    there, away, late = register(event), register(event), register(event)
    waiting = register(event, status=Status.WAITING)
    recomputed = []
    monkeypatch.setattr(
        attendance,
        "completion_record",
        lambda *, user, course: recomputed.append((user.pk, course.pk)),
    )
    client = logged_in(organiser)
    assert f'value="{there.pk}"' in client.get(participants_url(event)).content.decode()

    # `late` joined after the organiser opened the list: not listed, not touched.
    response = client.post(
        participants_url(event),
        {"present": [there.pk, waiting.pk], "listed": [there.pk, away.pk]},
        follow=True,
    )

    assert "1 present" in response.content.decode()
    for registration in (there, away, late, waiting):
        registration.refresh_from_db()
    assert (there.attended, there.attended_via) == (True, "organiser")
    assert there.attended_at is not None
    assert (away.attended, away.attended_via) == (False, "")
    assert late.attended is None
    assert waiting.attended is None
    assert recomputed == [(there.user_id, course.pk)]


def test_attendance_through_the_link_is_kept_when_the_organiser_saves():
    event, organiser = organised(starts_in=-timedelta(minutes=10))
    joined = register(event)
    attendance.attendance_via_link(event=event, user=joined.user)
    joined.refresh_from_db()
    first = joined.attended_at

    attendance_record(
        event=event, organiser=organiser, present={joined.pk}, listed={joined.pk}
    )

    joined.refresh_from_db()
    assert (joined.attended_via, joined.attended_at) == ("link", first)


def test_marking_attendance_needs_the_csrf_token():
    event, organiser = organised(starts_in=-timedelta(hours=1))
    registration = register(event)
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    response = client.post(participants_url(event), {"present": [registration.pk]})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.attended is None


# --- The admin's way in


def test_the_page_listing_offers_the_participants_to_organisers_only():
    event, organiser = organised()
    buttons = list(participants_listing_button(page=event, user=organiser))
    assert [b.url for b in buttons] == [event.url + "deelnemers/"]
    assert list(participants_listing_button(page=event, user=UserFactory())) == []
    assert list(participants_listing_button(page=agenda(), user=organiser)) == []


def test_the_admin_shows_the_participants_button_in_the_listing_and_the_header():
    # Registered through `events.wagtail_hooks` (which Wagtail loads), not by a test.
    assert participants_listing_button in hooks.get_hooks(
        "register_page_listing_more_buttons"
    )
    assert participants_header_button in hooks.get_hooks("register_page_header_buttons")
    event = event_page()
    editor = logged_in(page_editor())
    listing = editor.get(f"/admin/pages/{agenda().pk}/")
    assert listing.status_code == 200
    assert event.url + "deelnemers/" in listing.content.decode()
    edit = editor.get(f"/admin/pages/{event.pk}/edit/")
    assert edit.status_code == 200
    assert event.url + "deelnemers/" in edit.content.decode()


# --- The platform's link to an online event


def joined(event, user) -> tuple[int, str]:
    response = logged_in(user).get(join_url(event))
    return response.status_code, response.get("Location") or response.content.decode()


def test_a_participant_joins_from_a_quarter_before_and_is_marked_present_once(
    monkeypatch,
):
    course = build_course()
    event = event_page(starts_in=timedelta(minutes=14), course=course)
    registration = register(event)
    recomputed = []
    monkeypatch.setattr(
        attendance,
        "completion_record",
        lambda *, user, course: recomputed.append((user.pk, course.pk)),
    )

    assert joined(event, registration.user) == (302, "https://meet.example.org/netwerk")
    registration.refresh_from_db()
    assert (registration.attended, registration.attended_via) == (True, "link")
    first = registration.attended_at

    assert joined(event, registration.user)[1] == "https://meet.example.org/netwerk"
    registration.refresh_from_db()
    assert registration.attended_at == first
    assert recomputed == [(registration.user_id, course.pk)]


def test_the_link_is_not_open_yet_before_a_quarter_before_the_start():
    event = event_page(starts_in=JOIN_OPENS_BEFORE + timedelta(minutes=2))
    registration = register(event)
    status, page = joined(event, registration.user)
    assert status == 200
    assert "not open yet" in page
    assert "meet.example.org" not in page
    registration.refresh_from_db()
    assert registration.attended is None


def test_the_link_is_closed_after_the_end():
    event = event_page(starts_in=-timedelta(hours=3))  # two hours long
    registration = register(event)
    status, page = joined(event, registration.user)
    assert "is over" in page and "meet.example.org" not in page
    registration.refresh_from_db()
    assert registration.attended is None


def test_the_link_is_refused_to_who_holds_no_confirmed_place():
    event = event_page(starts_in=timedelta(minutes=5))
    waiting = register(event, status=Status.WAITING)
    for user in (UserFactory(), waiting.user):
        status, page = joined(event, user)
        assert status == 200
        assert "not registered" in page and "meet.example.org" not in page
    assert not EventRegistration.objects.filter(attended=True).exists()
    anonymous = Client().get(join_url(event))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_an_event_in_person_only_or_cancelled_has_no_link():
    in_person = event_page(starts_in=timedelta(minutes=5), online=False, meeting_url="")
    cancelled = event_page(starts_in=timedelta(minutes=5), cancelled=True)
    for event, words in ((in_person, "not held online"), (cancelled, "is cancelled")):
        registration = register(event)
        status, page = joined(event, registration.user)
        assert words in page and "meet.example.org" not in page
