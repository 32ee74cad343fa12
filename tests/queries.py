"""Counting queries, for the query budgets of pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Issue 17's ceilings for the learner's pages: routing, view restrictions, the course's
# structure, the menu and the session come from the cache; what is left is the user,
# their enrolment and their facts.
LESSON_BUDGET = 8
PAGE_BUDGET = 8  # course and module pages
DASHBOARD_BUDGET = 10
# Other pages (a coordinator's, a trainer's) that show the menu.
BUDGET = 22

WRITES = ("INSERT", "UPDATE", "DELETE")


def queries_for(client, url: str) -> int:
    """The number of queries one GET of `url` costs once the caches are warm, as on a
    running server: after a first GET (it must answer 200)."""
    client.get(url)
    return len(captured_for(client, url))


def captured_for(client, url: str) -> list[str]:
    """The SQL of the queries one GET of `url` runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def writes_in(statements: list[str]) -> list[str]:
    """The statements that change the database (savepoints are not writes)."""
    return [sql for sql in statements if sql.lstrip().upper().startswith(WRITES)]
