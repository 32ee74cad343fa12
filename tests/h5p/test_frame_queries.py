"""The lesson page's queries do not grow with the H5P exercises on it."""

import io
import uuid

import pytest

from courses.services import enrolment_create
from h5p.models import H5PActivity
from h5p.services import package_import
from tests.factories import ModulePageFactory, UserFactory
from tests.factories.courses import LessonPageFactory, lesson_body
from tests.factories.h5p import build_package
from tests.queries import captured_for

pytestmark = pytest.mark.django_db


def lesson_queries(client, exercises: int, capture) -> list[str]:
    with capture(execute=True):
        package, _ = package_import(upload=io.BytesIO(build_package()))
    module = ModulePageFactory()
    body = lesson_body(1)
    for n in range(exercises):
        activity = H5PActivity.objects.create(title=f"Oefening {n}", package=package)
        body[0]["value"]["content"].append(
            {"type": "h5p", "id": str(uuid.uuid4()), "value": activity.pk}
        )
    lesson = LessonPageFactory(parent=module, body=body)
    learner = UserFactory()
    enrolment_create(user=learner, course=module.get_parent().specific)
    client.force_login(learner)
    url = lesson.url + "onderdeel/1/"
    client.get(url)
    return captured_for(client, url)


def test_the_lesson_page_queries_do_not_grow_with_its_h5p_exercises(
    client, django_capture_on_commit_callbacks
):
    one = lesson_queries(client, 1, django_capture_on_commit_callbacks)
    four = lesson_queries(client, 4, django_capture_on_commit_callbacks)
    assert len(one) == len(four), "\n".join(four)
