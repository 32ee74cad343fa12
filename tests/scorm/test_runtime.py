"""The run-time data model on the server: what a commit may hold, what a SCO starts
with, and how SCO statuses roll up to the attempt."""

import pytest

from scorm.runtime import (
    CommitRefused,
    launch_data,
    outcome_of,
    runtime_data_clean,
    sco_commit,
)
from tests.factories import UserFactory
from tests.factories.scorm import scorm12_package, scorm2004_package, scorm_activity


def test_writable_elements_are_kept_and_read_only_ones_ignored():
    data = {
        "cmi.core.lesson_location": "2",
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.score.raw": "50",
        "cmi.core.exit": "suspend",
        "cmi.core.session_time": "00:01:10",
        "cmi.core.student_id": "someone else",  # read-only: never taken
        "cmi.suspend_data": '{"answers":[0]}',
        "cmi.interactions[0].id": "q1",
        "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.student_response": "a",
        "cmi.interactions.0.result": "correct",
        "cmi.objectives": [],
    }
    kept = runtime_data_clean("1.2", data)
    assert kept == {
        "cmi.core.lesson_location": "2",
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.score.raw": "50",
        "cmi.core.exit": "suspend",
        "cmi.suspend_data": '{"answers":[0]}',
        "cmi.interactions.0.id": "q1",
        "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.student_response": "a",
        "cmi.interactions.0.result": "correct",
    }


@pytest.mark.parametrize(
    ("version", "data"),
    [
        ("1.2", {"cmi.core.lesson_status": "done"}),  # not in the vocabulary
        ("1.2", {"cmi.core.score.raw": "101"}),  # 0–100
        ("1.2", {"cmi.suspend_data": "x" * 4097}),  # 4096 at most
        ("1.2", {"cmi.core.lesson_location": "x" * 256}),
        ("1.2", {"cmi.location": "2"}),  # a 2004 name
        ("1.2", {"cmi.core.nonsense": "1"}),
        ("1.2", {"cmi.interactions.0.result": "incorrect"}),  # 1.2 says "wrong"
        ("1.2", {"cmi.interactions.999.id": "q"}),  # too many
        ("1.2", {"cmi.core.score.raw": {"x": 1}}),  # not a text
        ("2004", {"cmi.completion_status": "passed"}),
        ("2004", {"cmi.success_status": "completed"}),
        ("2004", {"cmi.score.scaled": "1.5"}),  # −1..1
        ("2004", {"cmi.suspend_data": "x" * 64001}),  # 64000 at most
        ("2004", {"cmi.location": "x" * 1001}),
        ("2004", {"cmi.core.lesson_status": "passed"}),  # a 1.2 name
        ("2004", {"cmi.session_time": "10 minutes"}),
        ("2004", "not an object"),
    ],
)
def test_values_outside_the_data_model_are_refused(version, data):
    with pytest.raises(CommitRefused):
        runtime_data_clean(version, data)


def test_the_longest_suspend_data_of_each_version_is_kept():
    assert runtime_data_clean("1.2", {"cmi.suspend_data": "x" * 4096})
    assert runtime_data_clean("2004", {"cmi.suspend_data": "x" * 64000})


def test_the_mastery_score_decides_passed_in_scorm_12():
    cmi = {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "70"}
    assert outcome_of("1.2", cmi, 80).success == "failed"
    assert outcome_of("1.2", cmi, 60).success == "passed"
    assert outcome_of("1.2", cmi, None).success == "unknown"
    assert outcome_of("1.2", cmi, None).completion == "completed"
    failed = outcome_of("1.2", {"cmi.core.lesson_status": "failed"}, None)
    assert (failed.completion, failed.success) == ("completed", "failed")


def test_the_scaled_passing_score_decides_success_in_scorm_2004():
    cmi = {"cmi.completion_status": "completed", "cmi.success_status": "passed",
           "cmi.score.scaled": "0.4"}  # fmt: skip
    assert outcome_of("2004", cmi, 0.5).success == "failed"
    assert outcome_of("2004", cmi, None).success == "passed"
    assert outcome_of("2004", cmi, None).scaled == 0.4


@pytest.mark.django_db
def test_launch_data_resumes_after_a_suspend():
    activity = scorm_activity(scorm12_package())
    learner = UserFactory(first_name="An", last_name="Peeters")
    attempt = activity.attempts.create(user=learner)
    sco = activity.package.scos[0]
    first = launch_data(attempt, sco, None)
    assert first["cmi.core.entry"] == "ab-initio"
    assert first["cmi.core.student_id"] == str(learner.pk)
    assert first["cmi.core.student_name"] == "An Peeters"
    assert first["cmi.student_data.mastery_score"] == "50"
    assert first["cmi.launch_data"] == "mode=test"
    sco_commit(attempt=attempt, sco=sco, data={
        "cmi.core.lesson_location": "1", "cmi.suspend_data": "{}",
        "cmi.core.exit": "suspend", "cmi.core.lesson_status": "incomplete",
    })  # fmt: skip
    again = launch_data(attempt, sco, attempt.scos.get())
    assert again["cmi.core.entry"] == "resume"
    assert again["cmi.core.lesson_location"] == "1"
    assert again["cmi.suspend_data"] == "{}"
    assert "cmi.core.exit" not in again  # a new session starts without it


@pytest.mark.django_db
def test_the_attempt_is_complete_once_every_sco_is():
    activity = scorm_activity(scorm2004_package())
    attempt = activity.attempts.create(user=UserFactory())
    first, second, third = activity.package.scos
    done = {"cmi.completion_status": "completed"}
    sco_commit(attempt=attempt, sco=first, data=done)
    sco_commit(attempt=attempt, sco=second, data={**done, "cmi.score.scaled": "0.6"})
    attempt.refresh_from_db()
    assert attempt.completed_at is None
    sco_commit(attempt=attempt, sco=third, data=done)
    attempt.refresh_from_db()
    assert attempt.completed_at is not None
    assert attempt.passed  # the second passed (0.6 ≥ 0.5), none failed
    assert attempt.score_scaled == pytest.approx(0.6)
