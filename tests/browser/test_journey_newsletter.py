"""The newsletter in a browser: a visitor subscribes from the archive and confirms
from the mail, reads a sent issue; an editor sends an issue from the admin and sees
its progress. axe checks each page (the admin's own pages: what the newsletter adds
in `main`)."""

import json
import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from newsletter.models import Sending, Subscriber
from tests.factories.people import PASSWORD, UserFactory
from tests.newsletter.helpers import issue_page, mark_sent, subscriber

from .conftest import AXE, WCAG_21_AA, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nl(text: str) -> str:
    """`text` as the Dutch site shows it (the English text until it is translated)."""
    with translation.override("nl"):
        return gettext(text)


def admin_violations(page) -> list[str]:
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document.querySelector('main'),"
        " {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    return [
        f"{v['id']}: " + json.dumps([node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
    ]


def test_subscribe_confirm_read_and_send(page, live_server):
    sent = issue_page("Nieuwsbrief van de lente", text="<p>Het lerend netwerk.</p>")
    mark_sent(sent)
    draft = issue_page("Nieuwsbrief van de zomer", text="<p>Bijna klaar.</p>")

    # A visitor finds the archive, with only the sent issue, and subscribes.
    page.goto("/nl/nieuwsbrief/")
    assert_accessible(page, "archive")
    expect(page.get_by_role("link", name="Nieuwsbrief van de lente")).to_be_visible()
    expect(page.get_by_text("Nieuwsbrief van de zomer")).to_have_count(0)
    page.get_by_label(nl("Your e-mail address")).fill("lezer@example.be")
    page.get_by_role("button", name=nl("Subscribe"), exact=True).click()
    expect(page.get_by_role("heading", name=nl("Check your mailbox"))).to_be_visible()
    assert_accessible(page, "check your mailbox")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    # The link in the mail asks, and the button confirms.
    link = re.search(r"http\S+/nieuwsbrief/bevestigen/\S+/", mail.outbox[-1].body)
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link.group(0)))
    assert_accessible(page, "confirm")
    page.get_by_role("button", name=nl("Yes, subscribe me")).click()
    expect(page.get_by_role("status")).to_contain_text(
        nl("Done: you are subscribed to the newsletter.")
    )
    assert Subscriber.objects.get().status == Subscriber.Status.SUBSCRIBED

    # The sent issue reads on the site.
    page.goto("/nl/nieuwsbrief/")
    page.get_by_role("link", name="Nieuwsbrief van de lente").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nieuwsbrief van de lente"
    )
    assert_accessible(page, "issue")

    # An editor sends the draft's issue from the admin, once it is published.
    subscriber("tweede@example.be")
    editor = UserFactory(is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.fill("#id_username", editor.email)
    page.fill("#id_password", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/nieuwsbrief/{draft.pk}/test/")
    assert admin_violations(page) == []
    page.get_by_role("button", name=nl("Send a test to myself")).click()
    page.wait_for_url(f"**/admin/pages/{draft.pk}/edit/")
    assert mail.outbox[-1].to == [editor.email]
    page.goto(f"/admin/nieuwsbrief/{draft.pk}/versturen/")
    assert admin_violations(page) == []
    page.locator("main").get_by_role("button", name=re.compile(r"\b2\b")).click()
    page.wait_for_url(f"**/admin/nieuwsbrief/{draft.pk}/voortgang/")
    assert admin_violations(page) == []
    assert Sending.objects.get(issue=draft).sent == 2
    assert sorted(m.to[0] for m in mail.outbox[-2:]) == [
        "lezer@example.be",
        "tweede@example.be",
    ]

    # The progress bar of a sending under way.
    busy = issue_page("Nieuwsbrief van de herfst")
    Sending.objects.filter(pk=mark_sent(busy).pk).update(
        finished_at=None, total=10, sent=4
    )
    page.goto(f"/admin/nieuwsbrief/{busy.pk}/voortgang/")
    expect(page.locator("progress")).to_have_attribute("value", "40")
    assert admin_violations(page) == []
