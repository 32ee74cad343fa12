"""The coordinators' progress view: who may see it, what it shows, filters, sort,
pagination, and that nothing of another organisation shows through."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from lms.models import Membership
from tests.factories import MembershipFactory, UserFactory

from .progress_helpers import member, town_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return town_build()


def urls(town, member_pk=None):
    org = town.organisation.pk
    member_pk = member_pk or town.anna.pk
    return {
        "progress": reverse("coordination:progress", args=[org]),
        "csv": reverse("coordination:progress_export", args=[org, "csv"]),
        "xlsx": reverse("coordination:progress_export", args=[org, "xlsx"]),
        "member": reverse("coordination:member_detail", args=[org, member_pk]),
        "summary": reverse("coordination:summary", args=[org]),
    }


def page(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def cell(doc, membership, target):
    (td,) = doc.select(
        f'tr[data-member="{membership.pk}"] > td[data-target="{target.pk}"]'
    )
    return td


def member_ids(doc) -> list[int]:
    return [int(tr["data-member"]) for tr in doc.select("tr[data-member]")]


# --- Access --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, town):
    for name, url in urls(town).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name


@pytest.mark.parametrize(
    "role", [Membership.Role.LEARNER, Membership.Role.TRAINER, "outsider", "foreign"]
)
def test_everyone_but_its_coordinators_gets_404(client, town, role):
    if role == "outsider":
        user = UserFactory()
    elif role == "foreign":  # coordinates another municipality
        user = MembershipFactory(
            organisation=town.elsewhere.organisation,
            role=Membership.Role.COORDINATOR,
        ).user
    else:
        user = MembershipFactory(organisation=town.organisation, role=role).user
    client.force_login(user)
    for name, url in urls(town).items():
        assert client.get(url).status_code == 404, (role, name)


def test_its_coordinator_sees_every_page(client, town):
    client.force_login(town.coordinator.user)
    for name, url in urls(town).items():
        assert client.get(url).status_code == 200, name


def test_a_membership_of_another_organisation_is_not_found_under_this_one(client, town):
    client.force_login(town.coordinator.user)
    foreign = urls(town, member_pk=town.elsewhere.pk)["member"]
    assert client.get(foreign).status_code == 404
    # The other organisation's coordinator cannot reach this one's member through
    # their own organisation's address either.
    other = MembershipFactory(
        organisation=town.elsewhere.organisation, role=Membership.Role.COORDINATOR
    )
    client.force_login(other.user)
    crossed = reverse(
        "coordination:member_detail",
        args=[town.elsewhere.organisation.pk, town.anna.pk],
    )
    assert client.get(crossed).status_code == 404


def test_an_unknown_export_format_is_404(client, town):
    client.force_login(town.coordinator.user)
    for fmt in ("pdf", "xls", "CSV", "json"):
        url = reverse("coordination:progress_export", args=[town.organisation.pk, fmt])
        assert client.get(url).status_code == 404, fmt


def test_a_team_of_another_organisation_filters_nothing_and_shows_nothing_of_it(
    client, town
):
    client.force_login(town.coordinator.user)
    foreign_team = town.elsewhere.teams.get()
    doc = page(client.get(urls(town)["progress"], {"team": foreign_team.pk}))
    assert set(member_ids(doc)) == {
        town.coordinator.pk,
        town.anna.pk,
        town.bram.pk,
        town.chris.pk,
    }
    assert town.elsewhere.pk not in member_ids(doc)
    assert "eva@ninove.be" not in doc.get_text()
    assert doc.select('select[name="team"][aria-invalid="true"]')


# --- Content -------------------------------------------------------------------------


def test_statuses_and_percentages_in_words(client, town):
    client.force_login(town.coordinator.user)
    doc = page(client.get(urls(town)["progress"]))
    anna_basics = cell(doc, town.anna, town.basics)
    assert anna_basics["data-status"] == "in_progress"
    assert anna_basics["data-percent"] == "40"
    assert "40%" in anna_basics.get_text()

    bram_basics = cell(doc, town.bram, town.basics)
    assert bram_basics["data-status"] == "completed"
    assert "12/11/2026" in bram_basics.get_text()

    anna_module = cell(doc, town.anna, town.counter_module)
    assert anna_module["data-status"] == "overdue"
    due = town.reception_module.due_date.strftime("%d/%m/%Y")
    assert due in anna_module.get_text()

    assert cell(doc, town.chris, town.basics)["data-status"] == "not_started"
    # The module is assigned to the reception only: the others have a dash that
    # says so to a screen reader.
    bram_module = cell(doc, town.bram, town.counter_module)
    assert bram_module["data-status"] == "none"
    assert bram_module.select("span.visually-hidden")


def test_the_table_has_headers_a_caption_and_a_scroll_region(client, town):
    client.force_login(town.coordinator.user)
    doc = page(client.get(urls(town)["progress"]))
    (region,) = doc.select("div.table-scroll")
    assert region["tabindex"] == "0" and region["role"] == "region"
    assert doc.select("table#progress-table > caption")
    headers = doc.select("table#progress-table thead th")
    assert all(th["scope"] == "col" for th in headers)
    assert {th.get("data-target") for th in headers} >= {
        str(town.basics.pk),
        str(town.counter_module.pk),
    }
    (name,) = doc.select(f'tr[data-member="{town.anna.pk}"] > th[scope="row"]')
    assert name.a["href"] == urls(town)["member"]


def test_filter_by_team(client, town):
    client.force_login(town.coordinator.user)
    doc = page(client.get(urls(town)["progress"], {"team": town.reception.pk}))
    assert member_ids(doc) == [town.anna.pk]


def test_filter_by_status(client, town):
    client.force_login(town.coordinator.user)
    doc = page(client.get(urls(town)["progress"], {"status": "completed"}))
    assert member_ids(doc) == [town.bram.pk]
    doc = page(client.get(urls(town)["progress"], {"status": "overdue"}))
    assert member_ids(doc) == [town.anna.pk]


def test_search_by_name_or_email(client, town):
    client.force_login(town.coordinator.user)
    for search in ("bosm", "BRAM@", "Bram"):
        doc = page(client.get(urls(town)["progress"], {"search": search}))
        assert member_ids(doc) == [town.bram.pk], search
    doc = page(client.get(urls(town)["progress"], {"search": "nobody-here"}))
    assert member_ids(doc) == []
    assert doc.select("#progress-empty")


def test_sort_by_name_progress_and_status(client, town):
    client.force_login(town.coordinator.user)
    url = urls(town)["progress"]
    by_name = member_ids(page(client.get(url)))
    assert by_name == [town.anna.pk, town.bram.pk, town.chris.pk, town.coordinator.pk]
    by_progress = member_ids(page(client.get(url, {"sort": "progress"})))
    assert by_progress.index(town.chris.pk) < by_progress.index(town.anna.pk)
    assert by_progress[-1] == town.bram.pk
    by_status = member_ids(page(client.get(url, {"sort": "status"})))
    assert by_status[0] == town.anna.pk  # overdue first
    assert by_status[-1] == town.bram.pk  # all completed last


def test_the_download_links_carry_the_filters(client, town):
    client.force_login(town.coordinator.user)
    doc = page(
        client.get(
            urls(town)["progress"],
            {"team": town.reception.pk, "status": "overdue", "page": 1},
        )
    )
    xlsx = doc.select_one("a#download-xlsx")["href"]
    csv = doc.select_one("a#download-csv")["href"]
    assert xlsx == f"{urls(town)['xlsx']}?team={town.reception.pk}&status=overdue"
    assert csv == f"{urls(town)['csv']}?team={town.reception.pk}&status=overdue"


def test_a_member_who_left_disappears(client, town):
    client.force_login(town.coordinator.user)
    town.bram.delete()
    doc = page(client.get(urls(town)["progress"]))
    assert town.bram.pk not in member_ids(doc)
    assert "bram@zottegem.be" not in doc.get_text()
    # What they learned stays theirs.
    assert town.bram.user.section_progress.exists()


def test_html_in_a_name_is_shown_as_text(client, town):
    client.force_login(town.coordinator.user)
    hostile = member(
        town.organisation,
        '<script>alert("x")</script>',
        "<b>Vet</b>",
        "hostile@zottegem.be",
    )
    response = client.get(urls(town)["progress"])
    content = response.content.decode()
    assert "<script>alert" not in content and "<b>Vet</b>" not in content
    assert "&lt;script&gt;" in content
    assert hostile.pk in member_ids(page(response))


def test_a_hundred_members_a_page_with_the_filters_in_the_page_links(client, town):
    client.force_login(town.coordinator.user)
    today = timezone.localdate()
    for n in range(101):
        member(
            town.organisation,
            "Lid",
            f"Onthaal {n:03}",
            f"lid{n}@zottegem.be",
            [town.reception],
        )
    url = urls(town)["progress"]
    first = page(client.get(url, {"team": town.reception.pk}))
    assert len(member_ids(first)) == 100
    next_link = first.select_one("nav.pagination a[rel=next]")["href"]
    assert next_link == f"?team={town.reception.pk}&page=2"
    second = page(client.get(url + next_link))
    assert len(member_ids(second)) == 2  # 102 in the reception: Anna and 101 more
    assert not set(member_ids(first)) & set(member_ids(second))
    # With a status filter the pages hold the filtered members.
    town.reception_module.due_date = today + timedelta(days=1)
    town.reception_module.save()
    overdue = page(client.get(url, {"team": town.reception.pk, "status": "overdue"}))
    assert member_ids(overdue) == []
