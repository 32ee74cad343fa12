"""Switching translation on keeps every row of an existing database: enrolments,
progress, attempts, certificates, forums and sessions stay as they were, the
French locale is added, and the learner's progress is the same in both languages."""

import re

import pytest
from django.db import connection
from django.test import Client
from wagtail.models import Locale

from courses.models import CoursePage
from courses.selectors import course_state
from tests.courses.test_migration_apps_split import leaf_nodes, migrate, snapshot
from tests.factories import translate_tree
from tests.privacy.life import a_full_life

pytestmark = pytest.mark.django_db(transaction=True)

# Before: one content locale, questions and services without a locale. wagtail-localize's
# own tables stay: they only add empty tables, and its first migration decides
# at import time whether to run before Wagtail's (so going back to zero would
# undo half of Wagtail on some machines).
BEFORE_TRANSLATION = [
    ("languages", None),
    ("quizzes", "0001_initial"),
    ("courses", "0017_section_progress_covering"),
]


def test_switching_translation_on_keeps_every_row(django_capture_on_commit_callbacks):
    life = a_full_life(django_capture_on_commit_callbacks)
    latest = leaf_nodes()
    course = CoursePage.objects.get(pk=life.certificate.course_id)
    state = course_state(course, life.person)  # read with today's models
    Locale.objects.exclude(language_code="nl").delete()  # one locale, as before
    migrate(BEFORE_TRANSLATION)
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(
            cursor, "quizzes_question"
        )
    assert "locale_id" not in {column.name for column in columns}
    before = snapshot()
    assert before["sectionprogress"][0] > 0 and before["attempt"][0] > 0

    migrate(latest)
    after = snapshot()
    # Added: the French locale.
    assert after.pop("wagtailcore_locale")[0] == before.pop("wagtailcore_locale")[0] + 1
    assert {k: v for k, v in after.items() if k in before} == before
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"nl", "fr"}
    assert course_state(course, life.person).percent == state.percent

    # Translated afterwards, the course shows the same progress in French.
    french = translate_tree(course)
    client = Client(HTTP_HOST="localhost")
    client.force_login(life.person)
    shown = [
        re.search(
            r'id="course-progress" class="progress__label">(\d+)%',
            client.get(page.url).content.decode(),
        ).group(1)
        for page in (course, french)
    ]
    assert shown == [str(state.percent)] * 2 and state.percent > 0
