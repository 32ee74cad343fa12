"""The databank in a browser: a visitor searches and filters, a learner stars an item
without a reload and shares material, an editor publishes it in the admin, and
everyone finds it; the header's search box finds it too. axe checks each page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from home.services import home_page_ensure
from library.models import LibraryItem, TargetGroup
from tests.factories import VerifiedUserFactory, entry, library_item
from tests.factories.people import PASSWORD, UserFactory

from .conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_filter_star_share_approve_and_find(page, live_server):
    home_page_ensure()  # the admin's dashboard needs the page tree
    library_item(
        "itsme: veelvoorkomende problemen en oplossingen",
        type="handleiding",
        groups=("baliemedewerkers",),
        themes=("itsme",),
        organisation="Digitaal Vlaanderen",
    )
    library_item("itsme uitgelegd in een filmpje", type="video", themes=("itsme",))
    library_item("123digit interactieve oefeningen", type="meetinstrument")
    entry(TargetGroup, "senioren")  # the lists as the migration makes them

    # A visitor without an account searches and filters; the URL keeps both.
    page.goto("/databank/")
    assert_accessible(page, "databank")
    page.get_by_label("Zoek op titel of trefwoord").fill("itsme")
    page.get_by_role("button", name="Zoeken").last.click()
    expect(page.get_by_role("heading", name="2 items gevonden")).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(r"^Handleiding")).check()
    page.get_by_role("button", name="Toon de resultaten").click()
    page.wait_for_url(re.compile(r".*q=itsme.*type=handleiding"))
    expect(page.get_by_role("heading", name="1 item gevonden")).to_be_visible()
    assert_accessible(page, "databank, filtered")
    shared_url = page.url

    # A learner stars it without a reload and finds it under "Mijn favorieten".
    learner = VerifiedUserFactory(first_name="Lotte")
    log_in(page, learner, PASSWORD)
    page.goto(shared_url)
    star = page.get_by_role("button", name=re.compile("Bewaar als favoriet"))
    star.focus()
    page.keyboard.press("Enter")
    starred = page.get_by_role("button", name=re.compile("Bij mijn favorieten"))
    expect(starred).to_be_visible()
    expect(page.locator("[data-favourite-status]")).to_have_text(
        re.compile("staat bij je favorieten")
    )
    # The keyboard user is still on the star, not thrown back to the top.
    assert starred.evaluate("el => el === document.activeElement")
    assert page.url == shared_url  # no page load
    page.get_by_role("link", name="Mijn favorieten").click()
    expect(
        page.get_by_role("link", name=re.compile("veelvoorkomende problemen"))
    ).to_be_visible()
    assert_accessible(page, "favourites")

    # The learner shares their own material.
    page.goto("/databank/")
    page.get_by_role("link", name="Voeg je eigen materiaal toe").click()
    assert_accessible(page, "share")
    page.get_by_label("Titel").fill("Stappenplan: afspraak bij de dokter via de app")
    page.get_by_label("Korte beschrijving").fill("Zes stappen met schermafbeeldingen.")
    page.get_by_label("Uitgevende organisatie").fill("Digicafé Zottegem")
    page.get_by_label(re.compile("^Type")).select_option(label="Handleiding")
    page.get_by_role("checkbox", name="Senioren").check()
    page.get_by_label("Licentie:").select_option(index=0)
    page.get_by_label("Externe link").fill("https://example.org/stappenplan")
    page.get_by_role("checkbox", name=re.compile("Ik maakte dit materiaal")).check()
    page.get_by_role("button", name="Naar de redactie versturen").click()
    page.wait_for_url("**/databank/mijn-materiaal/")
    expect(page.get_by_text("Wacht op beoordeling")).to_be_visible()
    assert_accessible(page, "my material")
    assert mail.outbox[-1].subject == "We ontvingen je materiaal voor de databank"

    # An editor publishes it from the admin's review page.
    editor = UserFactory(is_staff=True, is_superuser=True)
    page.get_by_role("button", name="Afmelden").click()
    page.goto("/admin/login/")
    page.fill("#id_username", editor.email)
    page.fill("#id_password", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.get_by_role("link", name=re.compile(r"Databank: te beoordelen \(1\)")).click()
    page.get_by_role("link", name=re.compile("Stappenplan: afspraak")).click()
    page.get_by_role("radio", name="Publiceren").check()
    page.get_by_role("button", name="De beslissing bewaren").click()
    page.wait_for_url("**/admin/databank/beoordelen/")
    expect(page.get_by_text("Er wacht niets. Goed gedaan!")).to_be_visible()
    item = LibraryItem.objects.get(title__startswith="Stappenplan")
    assert item.status == LibraryItem.Status.PUBLISHED
    assert mail.outbox[-1].subject == "Je materiaal staat in de databank"

    # Everyone finds it, from the databank and from the header's search box.
    page.context.clear_cookies()
    page.goto("/databank/?q=dokter")
    page.get_by_role("link", name=re.compile("Stappenplan: afspraak")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stappenplan: afspraak bij de dokter via de app"
    )
    assert_accessible(page, "item")
    page.get_by_role("searchbox", name="Zoeken op de site").fill("dokter")
    page.get_by_role("searchbox", name="Zoeken op de site").press("Enter")
    page.wait_for_url("**/zoeken/?q=dokter")
    expect(
        page.get_by_role("link", name=re.compile("Stappenplan: afspraak"))
    ).to_be_visible()
    assert_accessible(page, "site search")
