"""Query budgets: the progress view, the exports and the summary cost the same number
of queries for 10 members as for 500 (or 200); the member detail the same for 1
attempt and certificate as for 30. An N+1 anywhere fails here."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import QuestionBankFactory, TestPageFactory

from .progress_helpers import (
    attempt_create,
    certificate_create,
    members_bulk,
    town_build,
)

pytestmark = pytest.mark.django_db

BUDGET = 30  # generous: the point is that it does not grow


@pytest.fixture
def town(client):
    town = town_build()
    client.force_login(town.coordinator.user)
    return town


def queries(client, url, query=None) -> int:
    """Queries of one GET once the caches are warm (after a first GET)."""
    client.get(url, query or {})
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def test_progress_view_and_exports_for_10_and_500_members(client, town):
    org = town.organisation.pk
    requests = [
        (reverse("coordination:progress", args=[org]), {}),
        (reverse("coordination:progress", args=[org]), {"sort": "progress"}),
        (reverse("coordination:progress", args=[org]), {"status": "in_progress"}),
        (
            reverse("coordination:progress", args=[org]),
            {"team": town.reception.pk, "search": "lid"},
        ),
        (reverse("coordination:progress_export", args=[org, "csv"]), {}),
        (reverse("coordination:progress_export", args=[org, "xlsx"]), {}),
    ]
    members_bulk(town, 6)  # with the town's own four: 10
    small = [queries(client, url, query) for url, query in requests]
    members_bulk(town, 490, start=6)  # 500
    large = [queries(client, url, query) for url, query in requests]
    assert small == large
    assert max(large) <= BUDGET


def test_summary_for_10_and_200_members(client, town):
    url = reverse("coordination:summary", args=[town.organisation.pk])
    members_bulk(town, 6)
    now = timezone.now()
    for membership in town.members:
        certificate_create(membership.user, town.basics, issued_at=now)
    small = queries(client, url)
    more = members_bulk(town, 190, start=6)
    for membership in more[:40]:
        certificate_create(membership.user, town.counter, issued_at=now)
    assert queries(client, url) == small <= BUDGET


def test_member_detail_for_1_and_30_attempts_and_certificates(client, town):
    url = reverse(
        "coordination:member_detail", args=[town.organisation.pk, town.anna.pk]
    )
    bank = QuestionBankFactory()
    tests = [
        TestPageFactory(parent=town.counter_module, bank=bank),
        TestPageFactory(parent=town.counter, bank=bank, slug="eindevaluatie"),
    ]
    user = town.anna.user
    attempt_create(user, tests[0], 1, 50, passed=False)
    certificate_create(user, town.basics, issued_at=timezone.now())
    small = queries(client, url)
    for number in range(2, 16):
        attempt_create(user, tests[0], number, 50 + number, passed=number > 10)
    for number in range(1, 16):
        attempt_create(user, tests[1], number, 60, passed=False)
    for days in range(29):
        certificate_create(
            user, town.counter, issued_at=timezone.now() - timedelta(days=days)
        )
    assert queries(client, url) == small <= BUDGET
