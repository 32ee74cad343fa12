"""Counting queries, for the query budgets of pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Wagtail's routing walks the tree (one query per level) before our code runs; the lesson
# view also writes progress and the session. These numbers are the ceilings.
BUDGET = 22  # the course page also lists its kits and sessions
LESSON_BUDGET = 26


def queries_for(client, url: str) -> int:
    """The number of queries one GET of `url` costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)
