"""Sending from the Wagtail admin: a test to oneself, the confirmation step, the
progress, and the refusals (sent already, not live, no permission)."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from newsletter.models import Delivery, Sending
from tests.factories import UserFactory
from tests.queries import queries_for

from .helpers import archive_page, issue_page, mark_sent, subscriber

pytestmark = pytest.mark.django_db


def editor(*, may_send: bool):
    """An editor who may edit the newsletter's pages, and send issues if told so."""
    group, _ = Group.objects.get_or_create(name=f"Newsletter editors {may_send}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if may_send:
        group.permissions.add(Permission.objects.get(codename="send_issue"))
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=archive_page(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=permission
            ),
        )
    user = UserFactory()
    user.groups.add(group)
    return user


def denied(response) -> None:
    """Wagtail's answer to a PermissionDenied in its admin: back to the dashboard with
    a message."""
    assert (response.status_code, response.get("Location")) == (302, "/admin/")


@pytest.fixture
def sender(client):
    user = editor(may_send=True)
    client.force_login(user)
    return user


def test_an_editor_sends_a_draft_to_themselves(client, sender):
    issue = issue_page("Concept", live=False)
    url = reverse("newsletter_send_test", args=[issue.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[sender.email]]
    assert mail.outbox[0].subject.startswith("[TEST]")
    assert "Concept" in mail.outbox[0].subject
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert not Sending.objects.exists()


def test_sending_asks_first_with_the_number_of_subscribers_then_sends(
    client, sender, django_capture_on_commit_callbacks
):
    for _ in range(3):
        subscriber()
    issue = issue_page("Lente")
    url = reverse("newsletter_send", args=[issue.pk])
    response = client.get(url)
    assert response.status_code == 200
    # The button names the number of subscribers it sends to.
    assert re.search(
        r'<button type="submit" class="button">[^<]*\b3\b', response.content.decode()
    )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse("newsletter_send_progress", args=[issue.pk])
    assert len(mail.outbox) == 3
    found = Sending.objects.get(issue=issue)
    assert found.started_by == sender
    assert client.get(response["Location"]).status_code == 200
    status = client.get(reverse("newsletter_send_status", args=[issue.pk])).json()
    assert status == {
        "status": "done",
        "progress": 100,
        "label": status["label"],
        "total": 3,
        "sent": 3,
        "failed": 0,
    }


def test_an_issue_is_sent_only_once(client, sender, django_capture_on_commit_callbacks):
    subscriber()
    issue = issue_page()
    url = reverse("newsletter_send", args=[issue.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)
    assert Sending.objects.count() == 1
    assert Delivery.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_issue_that_is_not_live_cannot_be_sent(client, sender):
    subscriber()
    issue = issue_page(live=False)
    url = reverse("newsletter_send", args=[issue.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Sending.objects.exists()


def test_without_the_permission_nothing_is_sent(client):
    subscriber()
    issue = issue_page()
    client.force_login(editor(may_send=False))
    for name in (
        "newsletter_send",
        "newsletter_send_progress",
        "newsletter_send_status",
    ):
        denied(client.get(reverse(name, args=[issue.pk])))
    denied(client.post(reverse("newsletter_send", args=[issue.pk])))
    assert not Sending.objects.exists()
    # A test to oneself is for every editor of the issue.
    assert (
        client.post(reverse("newsletter_send_test", args=[issue.pk])).status_code == 302
    )


def test_an_editor_of_other_pages_cannot_reach_an_issue(client):
    issue = issue_page()
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="send_issue"),
    )
    client.force_login(user)
    for name in ("newsletter_send", "newsletter_send_test"):
        assert client.post(reverse(name, args=[issue.pk])).status_code == 404
    assert not Sending.objects.exists()
    assert mail.outbox == []


def test_the_issue_page_in_the_admin_offers_both_buttons(client, sender):
    issue = issue_page()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    assert reverse("newsletter_send_test", args=[issue.pk]).encode() in response.content
    assert reverse("newsletter_send", args=[issue.pk]).encode() in response.content
    other = Page.objects.get(pk=archive_page().pk)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[other.pk]))
    assert b"/admin/nieuwsbrief/" not in response.content


def test_the_progress_page_moves_while_sending(client, sender):
    issue = issue_page()
    found = mark_sent(issue)
    Sending.objects.filter(pk=found.pk).update(finished_at=None, total=4, sent=1)
    response = client.get(reverse("newsletter_send_progress", args=[issue.pk]))
    assert b"data-export-status" in response.content
    status = client.get(reverse("newsletter_send_status", args=[issue.pk])).json()
    assert (status["status"], status["progress"]) == ("building", 25)


def test_the_send_page_counts_1_or_10_subscribers_with_the_same_queries(client, sender):
    issue = issue_page()
    url = reverse("newsletter_send", args=[issue.pk])
    subscriber()
    counts = [queries_for(client, url)]
    for _ in range(9):
        subscriber()
    counts.append(queries_for(client, url))
    assert counts[0] == counts[1], counts
    assert re.search(
        r'<button type="submit" class="button">[^<]*\b10\b',
        client.get(url).content.decode(),
    )
