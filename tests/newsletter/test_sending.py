"""Sending an issue: each subscriber once, in batches, in their language, with the
unsubscribe headers; the sweep after a dead worker re-sends only what never reached
the mail server."""

import re
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from library.models import LibraryItem
from newsletter import sending, tasks
from newsletter.models import Delivery, Sending, Subscriber
from newsletter.services import subscription_stop
from tests.factories import UserFactory, library_item
from tests.factories.events import event_kind, event_page

from .helpers import french_issue, issue_page, mark_sent, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks, settings):
    """Start sending `issue` and run its tasks in-process (the test settings)."""

    def run(issue, *, size: int = 50):
        settings.NEWSLETTER_BATCH_SIZE = size
        with django_capture_on_commit_callbacks(execute=True):
            return sending.sending_start(issue=issue, by=None)

    return run


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_every_subscriber_gets_the_issue_once_in_batches(send):
    issue = issue_page("Lente")
    readers = [subscriber() for _ in range(7)]
    subscriber(status=Subscriber.Status.PENDING)  # not confirmed: nothing
    subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    inactive = UserFactory(is_active=False)
    subscriber(inactive.email, user=inactive)
    original = tasks.send_batch.delay
    with mock.patch.object(tasks.send_batch, "delay", side_effect=original) as batches:
        started = send(issue, size=3)
    assert batches.call_count == 3  # 7 deliveries, 3 a batch
    assert recipients() == sorted(r.email for r in readers)
    started.refresh_from_db()
    assert started.total == started.sent == 7
    assert started.finished_at is not None
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    # Running the tasks again sends nobody anything.
    tasks.create_deliveries(started.pk, 3)
    tasks.send_batch(started.pk, 3)
    assert len(mail.outbox) == 7


def test_every_mail_carries_a_working_one_click_unsubscribe(send):
    reader = subscriber()
    send(issue_page())
    message = mail.outbox[0]
    url = re.fullmatch(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert url in message.body
    assert url in message.alternatives[0].content
    path = re.sub(r"^https?://[^/]+", "", url)
    response = Client(HTTP_HOST="localhost", enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_each_subscriber_reads_their_language_where_a_translation_exists(send):
    issue = issue_page("Nieuws in de lente", text="<p>Hallo lezer</p>")
    french_issue(issue, "Nouvelles du printemps", "<p>Bonjour lecteur</p>")
    subscriber("nl@example.be", language="nl")
    subscriber("fr@example.be", language="fr")
    # An account's own language counts, not the one stored when they subscribed.
    account = UserFactory(email="compte@example.be", preferred_language="fr")
    subscriber("compte@example.be", language="nl", user=account)
    send(issue)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Nieuws in de lente" in by_address["nl@example.be"].subject
    assert "Hallo lezer" in by_address["nl@example.be"].body
    for address in ("fr@example.be", "compte@example.be"):
        assert "Nouvelles du printemps" in by_address[address].subject
        assert "Bonjour lecteur" in by_address[address].body


def test_without_a_translation_a_reader_gets_the_dutch_issue(send):
    issue = issue_page("Alleen in het Nederlands", text="<p>Hallo lezer</p>")
    subscriber("fr@example.be", language="fr")
    send(issue)
    assert "Alleen in het Nederlands" in mail.outbox[0].subject
    assert "Hallo lezer" in mail.outbox[0].body


def test_the_live_blocks_show_events_ahead_and_new_material_since_the_last_issue(
    send,
):
    mark_sent(issue_page("Vorige"), when=timezone.now() - timedelta(days=20))
    webinar = event_kind("webinar", "Webinar")
    study_day = event_kind("studiedag", "Studiedag")
    event_page(title="Webinar itsme", kind=webinar, starts_in=timedelta(days=5))
    event_page(title="Studiedag Gent", kind=study_day, starts_in=timedelta(days=9))
    event_page(title="Webinar voorbij", kind=webinar, starts_in=timedelta(days=-3))
    today = timezone.localdate()
    library_item("Nieuwe handleiding", published_on=today - timedelta(days=2))
    library_item("Oude handleiding", published_on=today - timedelta(days=40))
    library_item(
        "Nog niet gepubliceerd",
        published_on=today,
        status=LibraryItem.Status.SUBMITTED,
    )
    issue = issue_page(
        body=[
            ("upcoming_events", {"heading": "Webinars", "count": 5, "kind": webinar}),
            ("new_in_library", {"heading": "Nieuw", "count": 5, "days": None}),
        ]
    )
    subscriber()
    send(issue)
    body = mail.outbox[0].body
    assert "Webinar itsme" in body
    assert "Studiedag Gent" not in body  # another kind
    assert "Webinar voorbij" not in body
    assert "Nieuwe handleiding" in body
    assert "Oude handleiding" not in body  # before the previous issue
    assert "Nog niet gepubliceerd" not in body


def test_someone_who_unsubscribes_during_the_sending_is_skipped(
    django_capture_on_commit_callbacks, settings
):
    leaving, staying = subscriber(), subscriber()
    # Nothing sent yet: the batches are not queued.
    with (
        mock.patch("newsletter.sending.task_send"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        started = sending.sending_start(issue=issue_page(), by=None)
    subscription_stop(leaving)
    sending.batch_send(started.pk, 10)
    assert recipients() == [staying.email]
    started.refresh_from_db()
    assert (started.sent, started.failed, bool(started.finished_at)) == (1, 1, True)


def _stuck(started, reader, **fields):
    return Delivery.objects.create(
        issue_id=started.issue_id,
        subscriber=reader,
        status=Delivery.Status.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
        **fields,
    )


def test_a_delivery_never_handed_over_is_sent_again_one_handed_over_never(
    django_capture_on_commit_callbacks,
):
    issue = issue_page()
    started = Sending.objects.create(
        issue=issue,
        started_at=timezone.now() - timedelta(hours=1),
        deliveries_created_at=timezone.now() - timedelta(hours=1),
        total=3,
        sent=1,
    )
    done, claimed, handed = subscriber(), subscriber(), subscriber()
    Delivery.objects.create(
        issue=issue, subscriber=done, status="sent", sent_at=timezone.now()
    )
    never_handed = _stuck(started, claimed)
    maybe_sent = _stuck(started, handed, handed_at=timezone.now() - timedelta(hours=1))
    result = sending.deliveries_requeue_stuck()
    assert result["requeued"] == 1 and result["uncertain"] == 1
    assert recipients() == [claimed.email]  # the batch ran in-process
    never_handed.refresh_from_db()
    maybe_sent.refresh_from_db()
    assert never_handed.status == Delivery.Status.SENT
    assert maybe_sent.status == Delivery.Status.FAILED
    started.refresh_from_db()
    assert started.finished_at is not None
    assert (started.sent, started.failed) == (2, 1)


def test_a_worker_still_busy_is_left_alone_by_the_sweep():
    issue = issue_page()
    started = mark_sent(issue)
    Sending.objects.filter(pk=started.pk).update(finished_at=None)
    recent = Delivery.objects.create(
        issue=issue,
        subscriber=subscriber(),
        status=Delivery.Status.SENDING,
        claimed_at=timezone.now(),
    )
    sending.deliveries_requeue_stuck()
    recent.refresh_from_db()
    assert recent.status == Delivery.Status.SENDING
    assert mail.outbox == []


def test_a_mail_server_that_refuses_one_address_does_not_stop_the_others(send):
    subscriber("eerste@example.be")
    subscriber("geweigerd@example.be")
    subscriber("derde@example.be")
    real_send = sending.send_over

    def refusing(connection, message):
        if message.to == ["geweigerd@example.be"]:
            raise OSError("550 no such user")
        return real_send(connection, message)

    with mock.patch("newsletter.sending.send_over", side_effect=refusing):
        started = send(issue_page())
    assert recipients() == ["derde@example.be", "eerste@example.be"]
    started.refresh_from_db()
    assert (started.sent, started.failed) == (2, 1)
    assert Delivery.objects.get(status="failed").error == "550 no such user"


def test_an_unreachable_mail_server_puts_the_batch_back_in_the_queue(
    django_capture_on_commit_callbacks,
):
    subscriber(), subscriber()
    with (
        mock.patch("newsletter.sending.task_send"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        started = sending.sending_start(issue=issue_page(), by=None)
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.open",
            side_effect=ConnectionRefusedError,
        ),
        pytest.raises(ConnectionRefusedError),
    ):
        sending.batch_send(started.pk, 10)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"queued"}
    assert sending.batch_send(started.pk, 10) == 2


def test_an_address_an_account_and_the_form_both_subscribed_gets_the_issue_once(send):
    # The account subscribed with its old address and now has one that subscribed
    # through the form too (changed without the account's save, e.g. in bulk).
    account = UserFactory(email="oud@example.be")
    subscriber("oud@example.be", user=account)
    subscriber("nieuw@example.be")
    type(account).objects.filter(pk=account.pk).update(email="nieuw@example.be")
    send(issue_page())
    assert recipients() == ["nieuw@example.be"]


def test_links_to_pages_of_the_site_in_the_text_work_from_a_mailbox(send):
    target = issue_page("Vorig nummer")
    mark_sent(target)
    subscriber()
    send(
        issue_page(
            text=f'<p>Lees ook <a linktype="page" id="{target.pk}">het vorige</a>.</p>'
        )
    )
    html = mail.outbox[0].alternatives[0].content
    link = re.search(r'<a href="([^"]+)">het vorige</a>', html).group(1)
    assert link.startswith(("http://", "https://")), link
    assert link.endswith(target.url)
    assert f"het vorige ({link})" in mail.outbox[0].body


def test_the_issue_mail_names_the_language_of_its_chrome_and_of_its_text(send):
    subscriber("fr@example.be", language="fr")  # no French issue: the Dutch one
    send(issue_page("Alleen in het Nederlands"))
    html = mail.outbox[0].alternatives[0].content
    assert '<html lang="fr">' in html
    assert '<div lang="nl">' in html


class _DroppingBackend:
    """A mail server that drops the connection on the first mail: a connection
    used after that fails until it is opened again."""

    def __init__(self):
        self.connected, self.dropped, self.opened = False, False, 0
        self.sent: list[str] = []

    def open(self):
        if not self.connected:
            self.connected, self.dropped = True, False
            self.opened += 1
            return True
        return False

    def close(self):
        self.connected = False


def test_a_dropped_connection_loses_one_mail_and_the_next_reconnects(send):
    for number in range(3):
        subscriber(f"lezer-{number}@example.be")
    server = _DroppingBackend()

    def over(connection, message):
        if connection.dropped or not connection.connected:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if not server.sent and not getattr(server, "had_drop", False):
            server.had_drop, connection.dropped = True, True
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        server.sent.extend(message.to)

    with (
        mock.patch("newsletter.sending.get_connection", return_value=server),
        mock.patch("newsletter.sending.send_over", side_effect=over),
    ):
        started = send(issue_page())
    started.refresh_from_db()
    assert (started.sent, started.failed) == (2, 1)
    assert sorted(server.sent) == ["lezer-1@example.be", "lezer-2@example.be"]
    assert server.opened == 2
