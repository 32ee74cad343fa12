"""The learning networks in a browser: a visitor finds the networks, the demo learner
joins the open network, shows her name to the other members and asks to join the
regional one; its moderator admits her. axe checks each page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from courses.demo import DEMO_PASSWORD, ORGANISATIONS, load_demo_accounts
from home.services import home_page_ensure
from lms.models import Organisation, User
from network.demo import load_demo_networks
from network.models import NetworkIndexPage, NetworkMember

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = "@demo.digitaalmeedoen.be"


def _demo_networks() -> tuple[User, User]:
    home_page_ensure()
    for name, kind, postcode in ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "postcode": postcode}
        )
    load_demo_accounts()
    people = ["digihelper", "trainer", "coordinator.herzele", "apprenant"]
    load_demo_networks(
        moderator=User.objects.get(email=f"coordinator{DEMO}"),
        members=[User.objects.get(email=f"{name}{DEMO}") for name in people],
    )
    return User.objects.get(email=f"leerling{DEMO}"), User.objects.get(
        email=f"coordinator{DEMO}"
    )


def members_list(page):
    return page.locator("section[aria-labelledby=members]")


def test_join_show_my_name_ask_and_be_admitted(page, live_server):
    learner, moderator = _demo_networks()
    index = NetworkIndexPage.objects.get(locale__language_code="nl")

    # A visitor sees the networks, and on a network a way to log in, no members.
    page.goto(index.url)
    expect(page.get_by_role("heading", name="Lerende netwerken")).to_be_visible()
    assert_accessible(page, "networks")
    page.get_by_role("link", name="Lerend netwerk e-inclusie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lerend netwerk e-inclusie"
    )
    assert_accessible(page, "network, visitor")
    expect(members_list(page)).to_have_count(0)

    # The demo learner joins the open network at once and sees the visible members.
    log_in(page, learner, DEMO_PASSWORD)
    page.goto(index.url)
    page.get_by_role("link", name="Lerend netwerk e-inclusie").click()
    page.get_by_role("button", name=re.compile("^(Join|Word lid)$")).click()
    members = members_list(page)
    expect(members).to_contain_text("Ahmed El Amrani")
    expect(members).to_contain_text("Bibliotheek Leuven")
    expect(members).not_to_contain_text("Els De Smet")  # chose not to be shown
    expect(members).not_to_contain_text("Lotte")
    assert_accessible(page, "network, member")

    # She shows her name to the others.
    page.get_by_role("button", name=re.compile("Show my name|Toon mijn naam")).click()
    expect(members).to_contain_text("Lotte Peeters · Stad Mechelen")
    assert NetworkMember.objects.get(user=learner).visible

    # She asks to join Westkust; its moderator is mailed.
    page.goto(index.url)
    page.get_by_role("link", name="Westkust").click()
    page.get_by_role(
        "button", name=re.compile("^(Ask to join|Vraag om lid te worden)$")
    ).click()
    expect(page.locator("section[aria-labelledby=membership]")).to_contain_text(
        re.compile("moderators|moderatoren")
    )
    expect(members_list(page)).to_have_count(0)
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    link = re.search(r"https?://\S+/aanvragen/", mail.outbox[0].body).group(0)

    # The moderator follows the mail's link, logs in on the way and admits her.
    page.context.clear_cookies()
    page.goto("/" + link.split("/", 3)[3])  # the mail names the site's own host
    page.get_by_label("E-mail").fill(moderator.email)
    page.get_by_label(re.compile("^Wachtwoord:?$")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").last.click()
    page.wait_for_url("**/aanvragen/")
    row = page.get_by_role("row", name=re.compile("Lotte Peeters"))
    assert_accessible(page, "requests")
    row.get_by_role("button", name=re.compile("^(Admit|Toelaten)")).click()
    expect(page.get_by_role("row", name=re.compile("Lotte Peeters"))).to_have_count(0)
    assert (
        NetworkMember.objects.get(user=learner, network__slug="westkust").status
        == NetworkMember.Status.MEMBER
    )
    assert mail.outbox[-1].to == [learner.email]
