"""Review: the lesson page's queries do not grow with the SCORM activities on it."""

import pytest

from courses.services import enrolment_create
from tests.factories import ModulePageFactory, UserFactory
from tests.factories.courses import LessonPageFactory, lesson_body
from tests.factories.scorm import (
    scorm12_package,
    scorm2004_package,
    scorm_activity,
    scorm_block,
)
from tests.queries import captured_for

pytestmark = pytest.mark.django_db


def lesson_queries(client, activities: int) -> list[str]:
    module = ModulePageFactory()
    body = lesson_body(1)
    for n in range(activities):
        sample = scorm2004_package() if n % 2 else scorm12_package()
        body[0]["value"]["content"].append(scorm_block(scorm_activity(sample)))
    lesson = LessonPageFactory(parent=module, body=body)
    learner = UserFactory()
    enrolment_create(user=learner, course=module.get_parent().specific)
    client.force_login(learner)
    url = lesson.url + "onderdeel/1/"
    client.get(url)  # the first visit begins the attempts
    return captured_for(client, url)


def test_the_lesson_page_queries_do_not_grow_with_its_scorm_activities(client):
    one, four = lesson_queries(client, 1), lesson_queries(client, 4)
    assert len(one) == len(four), "\n".join(four)
