"""Review of the runtime's checks: what scorm-again lets a SCO set must pass the
server's check too. A commit carries the whole CMI, so one value the server refuses
is sent again with every later commit, and nothing of the attempt is kept again."""

import pytest

from scorm.runtime import CommitRefused, runtime_data_clean


@pytest.mark.parametrize(
    ("version", "data"),
    [
        # Scores computed in JavaScript (8 of 12 → 0.6666666666666666).
        ("2004", {"cmi.score.scaled": "0.6666666666666666"}),
        ("2004", {"cmi.progress_measure": "0.3333333333333333"}),
        ("2004", {"cmi.objectives.0.score.scaled": "0.8333333333333334"}),
        ("2004", {"cmi.score.raw": "66.66666666666667"}),
        ("1.2", {"cmi.core.score.raw": "66.66666666666667"}),
        ("1.2", {"cmi.core.score.raw": ".5"}),  # scorm-again 1.2: no digit needed
        # 2004's localised strings may start with a language tag.
        ("2004", {"cmi.interactions.0.description": "{lang=nl-BE}" + "x" * 250}),
        ("2004", {"cmi.comments_from_learner.0.comment": "{lang=nl}" + "x" * 4000}),
        # 1.2's feedback (a learner's answer, a pattern): 255 is the least an LMS
        # keeps, scorm-again takes longer ones.
        ("1.2", {"cmi.interactions.0.student_response": "x" * 1000}),
        ("1.2", {"cmi.interactions.0.correct_responses.0.pattern": "x" * 1000}),
    ],
)
def test_values_scorm_again_accepts_are_kept(version, data):
    assert runtime_data_clean(version, data) == data


@pytest.mark.parametrize(
    ("version", "data"),
    [
        ("2004", {"cmi.score.scaled": "0." + "3" * 19}),  # 18 decimals at most
        ("2004", {"cmi.score.scaled": "."}),
        ("2004", {"cmi.score.scaled": "-"}),
        ("2004", {"cmi.score.scaled": "1e-3"}),
        ("2004", {"cmi.interactions.0.description": "{lang=nl-BE}" + "x" * 251}),
        ("2004", {"cmi.interactions.0.description": "x" * 251}),
        ("1.2", {"cmi.interactions.0.student_response": "x" * 4097}),
    ],
)
def test_values_outside_the_data_model_are_still_refused(version, data):
    with pytest.raises(CommitRefused):
        runtime_data_clean(version, data)
