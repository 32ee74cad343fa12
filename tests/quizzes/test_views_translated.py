"""A test read in French: the attempts belong to the Dutch (source) test, so a
learner's attempts, their number and the pass are the same in either language."""

import pytest
from wagtail.models import Locale

from courses.services import enrolment_create
from home.services import home_page_ensure
from quizzes.models import Attempt
from tests.factories import UserFactory, translate_tree
from tests.factories.quizzes import make_test

pytestmark = pytest.mark.django_db


def test_an_attempt_started_in_french_is_one_of_the_tests_attempts(client):
    course, test = make_test(questions=2)
    translate_tree(home_page_ensure())
    french = test.get_translation(Locale.objects.get(language_code="fr"))
    learner = UserFactory()
    client.force_login(learner)
    # Not enrolled: back to the French course.
    response = client.post(french.url + "starten/")
    assert response["Location"] == course.get_translation(french.locale).url
    enrolment_create(user=learner, course=course)

    response = client.post(french.url + "starten/")
    attempt = Attempt.objects.get(user=learner)
    assert attempt.test_id == test.pk
    assert response["Location"].startswith(french.url)
    assert client.get(response["Location"]).status_code == 200
    # The Dutch test shows the same attempt; its page in French too.
    overview = client.get(french.url).content.decode()
    assert client.get(test.url + f"poging/{attempt.pk}/").status_code == 200
    assert f"poging/{attempt.pk}/" in overview
