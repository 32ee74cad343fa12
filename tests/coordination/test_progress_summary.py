"""The summary a municipality reports from: enrolment, completion per team and
certificates issued in a period, each as a table with a chart beside it."""

from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate

from .progress_helpers import certificate_create, town_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(client):
    town = town_build()
    client.force_login(town.coordinator.user)
    return town


def summary(client, town, **query):
    url = reverse("coordination:summary", args=[town.organisation.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def enrolment_rows(doc) -> dict[int, tuple[int, int]]:
    return {
        int(tr["data-target"]): (int(tr["data-enrolled"]), int(tr["data-total"]))
        for tr in doc.select("#summary-enrolment-table tr[data-target]")
    }


def completion_totals(doc) -> dict[int, int]:
    whole = doc.select_one('#summary-completion-table tr[data-team="all"]')
    return {
        int(td["data-target"]): int(td["data-total"])
        for td in whole.select("td[data-total]")
    }


def test_enrolled_members_per_assigned_course(client, town):
    rows = enrolment_rows(summary(client, town))
    # The course for everyone applies to the four members (the coordinator too, who
    # is not enrolled); the module to the reception's one member, who is.
    assert rows == {town.basics.pk: (3, 4), town.counter_module.pk: (1, 1)}


def test_enrolment_and_completion_count_the_same_people(client, town):
    """A course assigned whole to one team and one of its modules to another: both
    tables count, per course or module, the people it is assigned to."""
    from coordination.services import assignment_create

    assignment_create(
        organisation=town.organisation,
        team=town.social,
        course=town.counter,
        by=town.coordinator.user,
    )
    doc = summary(client, town)
    rows = enrolment_rows(doc)
    assert {pk: total for pk, (_done, total) in rows.items()} == completion_totals(doc)
    assert rows[town.counter.pk] == (1, 1)  # Bram, of the social house
    assert rows[town.counter_module.pk] == (1, 1)  # Anna, of the reception


def test_completion_per_team_and_for_the_whole_organisation(client, town):
    doc = summary(client, town)

    def line(team):
        tr = doc.select_one(f'#summary-completion-table tr[data-team="{team}"]')
        return {
            int(td["data-target"]): (
                (int(td["data-done"]), int(td["data-total"]))
                if td.has_attr("data-done")
                else None
            )
            for td in tr.select("td")
        }

    assert line("all") == {town.basics.pk: (1, 4), town.counter_module.pk: (0, 1)}
    assert line(town.reception.pk) == {
        town.basics.pk: (0, 1),
        town.counter_module.pk: (0, 1),
    }
    assert line(town.social.pk) == {
        town.basics.pk: (1, 1),
        town.counter_module.pk: None,
    }
    whole = doc.select_one('#summary-completion-table tr[data-team="all"]')
    assert "25%" in whole.select_one(f'td[data-target="{town.basics.pk}"]').get_text()


def test_certificates_in_the_period_of_current_members(client, town):
    now = timezone.now()
    this_year = timezone.make_aware(datetime(now.year, 3, 15, 12))
    last_year = timezone.make_aware(datetime(now.year - 1, 6, 1, 12))
    certificate_create(town.bram.user, town.basics, issued_at=this_year)
    certificate_create(
        town.anna.user, town.basics, issued_at=this_year,
        expires_at=this_year + timedelta(days=1),
    )  # fmt: skip
    not_counted = [
        certificate_create(
            town.chris.user, town.basics, issued_at=this_year,
            status=Certificate.Status.REVOKED,
        ),
        certificate_create(
            town.bram.user, town.basics, issued_at=this_year,
            status=Certificate.Status.SUPERSEDED,
        ),
        certificate_create(town.elsewhere.user, town.basics, issued_at=this_year),
    ]  # fmt: skip
    assert len(not_counted) == 3
    certificate_create(town.chris.user, town.counter, issued_at=last_year)

    doc = summary(client, town)  # this year by default
    assert doc.select_one("#summary-certificate-total")["data-total"] == "2"
    (row,) = doc.select("#summary-certificates-table tbody tr")
    assert (row["data-valid"], row["data-expired"]) == ("1", "1")
    assert doc.select_one("#id_from")["value"] == f"{now.year}-01-01"

    doc = summary(
        client, town, **{"from": f"{now.year - 1}-01-01", "until": f"{now.year}-12-31"}
    )
    assert doc.select_one("#summary-certificate-total")["data-total"] == "3"
    assert len(doc.select("#summary-certificates-table tbody tr")) == 2

    # A member who leaves is no longer counted.
    town.bram.delete()
    doc = summary(client, town)
    assert doc.select_one("#summary-certificate-total")["data-total"] == "1"


def test_a_period_that_is_not_a_date_falls_back_to_this_year(client, town):
    doc = summary(client, town, **{"from": "gisteren", "until": "2026-13-45"})
    text = doc.select_one("#summary-certificate-total").get_text()
    assert f"01/01/{timezone.now().year}" in text


def test_charts_are_drawn_beside_tables_and_hidden_from_screen_readers(client, town):
    doc = summary(client, town)
    charts = doc.select("svg.chart")
    assert len(charts) == 2  # enrolment and completion; no certificates yet
    for chart in charts:
        assert chart["aria-hidden"] == "true"
        assert chart.find_next_sibling("div", class_="table-scroll").table
    # One bar per course, its length the share: 3 of 4 enrolled is 75%.
    bars = charts[0].select("rect.chart__bar")
    widths = sorted(float(bar["width"]) for bar in bars)
    assert widths == [390.0, 520.0]
