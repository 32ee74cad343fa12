"""A learner's SCORM attempts are in their data download and go with their account."""

import io
import json
import zipfile

import pytest

from privacy.services import data_export_write, user_erase
from scorm.models import ScormAttempt, ScormScoState
from scorm.runtime import sco_commit
from tests.factories import UserFactory
from tests.factories.scorm import scorm12_package, scorm_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt():
    activity = scorm_activity(scorm12_package(), title="Veilig online")
    attempt = ScormAttempt.objects.create(user=UserFactory(), activity=activity)
    sco_commit(attempt=attempt, sco=activity.package.scos[0], data={
        "cmi.core.lesson_location": "1", "cmi.suspend_data": '{"answers":[0]}',
        "cmi.core.lesson_status": "incomplete",
    })  # fmt: skip
    return attempt


def test_the_attempts_are_in_the_data_download(attempt):
    out = io.BytesIO()
    kinds = data_export_write(user=attempt.user, target=out)
    assert "scorm_attempts" in kinds
    records = json.loads(zipfile.ZipFile(out).read("scorm_attempts.json"))
    assert records[0]["activity"] == "Veilig online"
    part = records[0]["parts"][0]
    assert part["data"]["cmi.suspend_data"] == '{"answers":[0]}'
    assert part["completion"] == "incomplete"


def test_the_attempts_go_with_the_account(attempt):
    other = ScormAttempt.objects.create(user=UserFactory(), activity=attempt.activity)
    user_erase(user=attempt.user, reason="request")
    assert not ScormAttempt.objects.filter(pk=attempt.pk).exists()
    assert not ScormScoState.objects.filter(attempt_id=attempt.pk).exists()
    assert ScormAttempt.objects.filter(pk=other.pk).exists()
