"""Tasks that moved out of `courses` (issue 16) still answer to their old names, so
messages queued before a deploy are not dropped by the new workers."""

import pytest

from lms.celery import app

MOVED = {
    "courses.tasks.close_overdue_attempts": "quizzes.tasks.close_overdue_attempts",
    "courses.tasks.forum_post_notify": "forums.tasks.forum_post_notify",
    "courses.tasks.send_forum_digests": "forums.tasks.send_forum_digests",
    "courses.tasks.send_session_notice": "training.tasks.send_session_notice",
    "courses.tasks.decide_sessions": "training.tasks.decide_sessions",
    "courses.tasks.build_kit_bundle": "training.tasks.build_kit_bundle",
    "courses.tasks.extract_h5p_package": "h5p.tasks.extract_h5p_package",
}


@pytest.mark.parametrize(("old", "new"), MOVED.items())
def test_the_old_name_runs_the_same_task_with_the_same_options(old, new):
    app.loader.import_default_modules()
    moved, current = app.tasks[old], app.tasks[new]
    assert moved.__wrapped__ is current.__wrapped__
    for option in ("acks_late", "max_retries", "retry_backoff", "autoretry_for"):
        assert getattr(moved, option, None) == getattr(current, option, None), option


@pytest.mark.django_db
def test_a_message_under_the_old_name_is_carried_out():
    app.loader.import_default_modules()
    # `.result`, not `.get()`: Celery's "never join inside a task" flag is one global that
    # eager tasks run from several threads (the seat-race tests) can leave set.
    result = app.tasks["courses.tasks.decide_sessions"].apply()
    assert (result.status, result.result) == ("SUCCESS", 0)
