"""What an operator sees and does: `manage.py lrs_status`, `manage.py send_statements`
and the admin's report (Reports → Learning records, superusers only)."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.xapi.conftest import xapi_statement
from xapi import outbox
from xapi.models import Statement
from xapi.wagtail_hooks import learning_records_menu_item

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def failing_and_waiting(settings) -> None:
    """Two statements failed once against an LRS that is down, one is new."""
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"  # nothing listens on port 9
    for number in range(2):
        outbox.record(xapi_statement(number), user=None)
    outbox.send_due()
    outbox.record(xapi_statement(5), user=None)


def test_lrs_status_counts_what_waits_fails_and_was_sent(settings):
    failing_and_waiting(settings)
    Statement.objects.filter(tries=0).update(
        created_at=timezone.now() - timedelta(hours=2)
    )

    out = command("lrs_status")

    assert "LRS: http://127.0.0.1:9/xAPI/" in out
    assert "Waiting:  3" in out and "Failing:  2" in out
    assert "Sent:     0" in out and "Rejected: 0" in out
    assert "(120 minutes ago)" in out
    assert "Last error: The LRS cannot be reached" in out


def test_send_statements_sends_what_is_due_or_everything_waiting(ralph):
    for number in range(3):
        outbox.record(xapi_statement(number), user=None)
    Statement.objects.filter(payload__object__id__endswith="/2/").update(
        next_try_at=timezone.now() + timedelta(minutes=30), tries=3
    )

    assert "Sent: 2. Still waiting: 1." in command("send_statements")
    assert "Sent: 1. Still waiting: 0." in command("send_statements", "--all")
    assert len(ralph.stored_ids()) == 3
    assert "Sent:     3" in command("lrs_status")


def test_send_statements_says_when_no_lrs_is_configured(settings):
    settings.LRS_ENDPOINT = ""
    with pytest.raises(CommandError, match="LRS_ENDPOINT"):
        command("send_statements")


def admin_client(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def menu_shown_to(user) -> bool:
    request = RequestFactory().get("/admin/")
    request.user = user
    return learning_records_menu_item().is_shown(request)


def test_the_report_shows_superusers_the_counts_and_the_failures(settings):
    failing_and_waiting(settings)
    client = admin_client(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("xapi_learning_records")).content.decode()

    assert 'data-count="waiting">3<' in page
    assert 'data-count="failing">2<' in page
    assert "http://127.0.0.1:9/xAPI/" in page
    assert "The LRS cannot be reached" in page
    assert str(Statement.objects.filter(tries=1).first().pk) in page
    assert menu_shown_to(client.get("/").wsgi_request.user)


def test_the_report_is_for_superusers_only(settings):
    failing_and_waiting(settings)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client = admin_client(editor)

    # Wagtail answers a refusal in its admin with a redirect to the dashboard.
    for response in (
        client.get(reverse("xapi_learning_records")),
        client.post(reverse("xapi_learning_records")),
    ):
        assert response.status_code in (302, 403)
        assert "data-count" not in response.content.decode()
    assert not menu_shown_to(editor)
    assert Statement.objects.filter(tries=0).count() == 1  # nothing was sent


def test_send_now_in_the_report_sends_the_waiting_records(ralph):
    for number in range(2):
        outbox.record(xapi_statement(number), user=None)
    Statement.objects.update(next_try_at=timezone.now() + timedelta(minutes=30))
    client = admin_client(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(reverse("xapi_learning_records"))

    assert response.status_code == 302
    # No broker in this test: the task ran in-process, after the back-off was lifted.
    assert len(ralph.stored_ids()) == 2
    assert not Statement.objects.filter(sent_at__isnull=True).exists()


def test_send_now_needs_csrf(settings):
    failing_and_waiting(settings)
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.post(reverse("xapi_learning_records")).status_code == 403
