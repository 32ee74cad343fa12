"""The public archive: only sent issues, newest first, in the reader's language; an
issue is public once sent, and before that only in the editors' preview."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import UserFactory

from .helpers import archive_page, french_issue, issue_page, mark_sent

pytestmark = pytest.mark.django_db


def test_the_archive_lists_only_sent_issues_newest_first(client):
    now = timezone.now()
    mark_sent(issue_page("Winter"), when=now - timedelta(days=90))
    mark_sent(issue_page("Lente"), when=now - timedelta(days=10))
    issue_page("Zomer (concept)")
    response = client.get("/nl/nieuwsbrief/")
    assert response.status_code == 200
    titles = [issue.title for issue in response.context["issues"]]
    assert titles == ["Lente", "Winter"]
    assert b"Zomer" not in response.content


def test_a_french_reader_sees_the_french_issue_where_there_is_one(client):
    spring = issue_page("Lente")
    french_issue(spring, "Printemps", "<p>Bonjour</p>")
    mark_sent(spring)
    mark_sent(issue_page("Winter"), when=timezone.now() - timedelta(days=90))
    response = client.get("/fr/nieuwsbrief/")
    assert [i.title for i in response.context["issues"]] == ["Printemps", "Winter"]
    response = client.get(response.context["issues"][0].url)
    assert response.status_code == 200
    assert b"Bonjour" in response.content


def test_an_issue_is_public_once_sent_and_before_only_in_the_preview(client):
    issue = issue_page("Lente", text="<p>Het nieuws</p>")
    assert client.get(issue.url).status_code == 404
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    preview = issue.make_preview_request(request)
    assert preview.status_code == 200
    assert b"Het nieuws" in preview.content
    mark_sent(issue)
    response = client.get(issue.url)
    assert response.status_code == 200
    assert b"Het nieuws" in response.content


@pytest.mark.parametrize("issues", [1, 10])
def test_the_archive_costs_the_same_queries_for_1_or_10_issues(
    client, django_assert_max_num_queries, issues
):
    for number in range(issues):
        mark_sent(issue_page(f"Nummer {number}"))
    client.get("/nl/nieuwsbrief/")  # the routing cache
    with django_assert_max_num_queries(8):
        response = client.get("/nl/nieuwsbrief/")
    assert len(response.context["issues"]) == issues


def test_the_archive_page_lives_under_the_home_page():
    assert archive_page().url == "/nl/nieuwsbrief/"
