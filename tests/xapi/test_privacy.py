"""The learning records in a person's data: in their download, gone when they are
erased (sent or not, so nothing about them leaves later), explained on the privacy page
only when an LRS is configured."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.utils import timezone

from courses.services import enrolment_create
from privacy.erasure import Erasure
from privacy.registry import providers
from privacy.services import data_export_write, user_erase
from tests.factories import UserFactory, build_course
from xapi.models import Statement
from xapi.privacy import LearningRecords

pytestmark = pytest.mark.django_db


@pytest.fixture
def lrs(settings):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"


def enrolled_twice(learner) -> None:
    """Two statements: one already sent, one still waiting."""
    for _ in range(2):
        enrolment_create(user=learner, course=build_course())
    first = Statement.objects.filter(user=learner).order_by("created_at").first()
    Statement.objects.filter(pk=first.pk).update(sent_at=timezone.now())


def test_the_download_holds_the_person_s_statements_and_no_one_else_s(lrs):
    learner, other = UserFactory(), UserFactory()
    enrolled_twice(learner)
    enrolled_twice(other)
    target = io.BytesIO()
    data_export_write(user=learner, target=target)
    rows = json.loads(zipfile.ZipFile(target).read("learning_records.json"))
    assert len(rows) == 2
    mine = {str(s.pk) for s in Statement.objects.filter(user=learner)}
    assert {row["statement"]["id"] for row in rows} == mine
    assert [row["sent_at"] is not None for row in rows] == [True, False]
    assert all(row["verb"].endswith("/registered") for row in rows)


def test_erasing_a_person_deletes_their_statements_sent_or_not(lrs):
    learner, other = UserFactory(), UserFactory()
    enrolled_twice(learner)
    enrolled_twice(other)
    learner_id = learner.pk
    user_erase(user=learner, reason="request")
    assert not Statement.objects.filter(user_id=learner_id).exists()
    assert not Statement.objects.filter(
        payload__actor__account__name=str(learner_id)
    ).exists()
    assert Statement.objects.filter(user=other).count() == 2


def test_the_provider_erases_before_the_account_goes(lrs):
    """The provider deletes the rows itself (not only the account's cascade)."""
    learner = UserFactory()
    enrolled_twice(learner)
    LearningRecords().erase(learner, Erasure())
    assert not Statement.objects.filter(user=learner).exists()


def test_the_privacy_page_explains_learning_records_only_with_an_lrs(settings):
    provider = next(p for p in providers() if isinstance(p, LearningRecords))
    settings.LRS_ENDPOINT = ""
    assert provider.categories() == []
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    (category,) = provider.categories()
    assert "30" in str(category.kept)
