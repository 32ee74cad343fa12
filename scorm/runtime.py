"""The SCORM run-time data model on the server: what a package may commit, what a SCO
is given when it starts, and how its statuses roll up to the attempt.

scorm-again checks every `SetValue` in the learner's browser, but the browser is the
learner's: the server checks each commit again against the data model of SCORM 1.2
(RTE 3.4) or 2004 (RTE 4th edition): every element name known, read-only elements
ignored (scorm-again sends the whole CMI), values within their vocabulary, range and
length. What is kept per SCO is the writable data (and the total time), flattened
(`cmi.core.lesson_location` → value), as scorm-again's `loadFromFlattenedJSON` takes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scorm.models import ScormAttempt, ScormPackage, ScormScoState

#: The largest index of a list (interactions, objectives, comments) a commit may
#: use: the specifications ask an LMS for at least 250 interactions and 100 objectives.
MAX_INDEX = 499


class CommitRefused(ValueError):
    """A commit breaks the data model; the message says which element and why."""


def _text(limit: int) -> Callable[[str], bool]:
    return lambda value: len(value) <= limit


_LANGUAGE_TAG = re.compile(r"\{lang=[^}]{1,40}\}")


def _localised(limit: int) -> Callable[[str], bool]:
    """A 2004 localised string: `limit` characters after an optional `{lang=…}`."""
    return lambda value: len(_LANGUAGE_TAG.sub("", value, count=1)) <= limit


def _vocabulary(*words: str) -> Callable[[str], bool]:
    return lambda value: value in words


def _decimal(low: float | None = None, high: float | None = None, *, blank=True):
    def check(value: str) -> bool:
        if value == "":
            return blank
        # scorm-again's CMIDecimal: 1.2 takes ".5", 2004 up to 18 decimals, which
        # scores computed in JavaScript use (2 of 3 → 0.6666666666666666).
        if not re.fullmatch(r"-?(?=\.?\d)\d{0,10}(\.\d{0,18})?", value):
            return False
        number = float(value)
        return (low is None or number >= low) and (high is None or number <= high)

    return check


def _pattern(expression: str) -> Callable[[str], bool]:
    compiled = re.compile(expression)
    return lambda value: compiled.fullmatch(value) is not None


TIMESPAN_12 = _pattern(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?")
TIME_12 = _pattern(r"\d{2}:\d{2}:\d{2}(\.\d{1,2})?")
DURATION = _pattern(
    r"P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?"
)
TIMESTAMP = _pattern(r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,7})?)?)?"
                     r"(Z|[+-]\d{2}(:\d{2})?)?)?)?)?")  # fmt: skip
STATUS_12 = _vocabulary(
    "passed", "completed", "failed", "incomplete", "browsed", "not attempted"
)
RESULT_12 = _vocabulary("correct", "wrong", "unanticipated", "neutral")
RESULT_2004 = _vocabulary("correct", "incorrect", "unanticipated", "neutral")
TYPES_12 = ("true-false", "choice", "fill-in", "matching", "performance",
            "sequencing", "likert", "numeric")  # fmt: skip
COMPLETION = _vocabulary("completed", "incomplete", "not attempted", "unknown")
SUCCESS = _vocabulary("passed", "failed", "unknown")

N = r"\.(\d+)"  # an index in an element name

#: (name pattern, check) of what a SCO may write, per version. The total time is
#: read-only for the SCO, but scorm-again adds the session to it when it finishes.
WRITABLE: dict[str, list[tuple[str, Callable[[str], bool]]]] = {
    ScormPackage.Version.SCORM_12: [
        ("cmi.core.lesson_location", _text(255)),
        ("cmi.core.lesson_status", STATUS_12),
        (r"cmi\.core\.score\.(raw|min|max)", _decimal(0, 100)),
        ("cmi.core.exit", _vocabulary("time-out", "suspend", "logout", "")),
        ("cmi.core.session_time", TIMESPAN_12),
        ("cmi.core.total_time", TIMESPAN_12),
        ("cmi.suspend_data", _text(4096)),
        ("cmi.comments", _text(4096)),
        (rf"cmi\.objectives{N}\.id", _text(255)),
        (rf"cmi\.objectives{N}\.score\.(raw|min|max)", _decimal(0, 100)),
        (rf"cmi\.objectives{N}\.status", STATUS_12),
        (r"cmi\.student_preference\.audio", _decimal(-1, 100)),
        (r"cmi\.student_preference\.language", _text(255)),
        (r"cmi\.student_preference\.speed", _decimal(-100, 100)),
        (r"cmi\.student_preference\.text", _vocabulary("-1", "0", "1", "")),
        (rf"cmi\.interactions{N}\.id", _text(255)),
        (rf"cmi\.interactions{N}\.objectives{N}\.id", _text(255)),
        (rf"cmi\.interactions{N}\.time", TIME_12),
        (rf"cmi\.interactions{N}\.type", _vocabulary(*TYPES_12)),
        # CMIFeedback: 255 is the least an LMS keeps; scorm-again sets longer ones.
        (rf"cmi\.interactions{N}\.correct_responses{N}\.pattern", _text(4096)),
        (rf"cmi\.interactions{N}\.weighting", _decimal()),
        (rf"cmi\.interactions{N}\.student_response", _text(4096)),
        (
            rf"cmi\.interactions{N}\.result",
            lambda v: RESULT_12(v) or _decimal(blank=False)(v),
        ),  # fmt: skip
        (rf"cmi\.interactions{N}\.latency", TIMESPAN_12),
    ],
    ScormPackage.Version.SCORM_2004: [
        ("cmi.location", _text(1000)),
        ("cmi.completion_status", COMPLETION),
        ("cmi.success_status", SUCCESS),
        (r"cmi\.score\.scaled", _decimal(-1, 1)),
        (r"cmi\.score\.(raw|min|max)", _decimal()),
        ("cmi.progress_measure", _decimal(0, 1)),
        ("cmi.exit", _vocabulary("time-out", "suspend", "logout", "normal", "")),
        ("cmi.session_time", DURATION),
        ("cmi.total_time", DURATION),
        ("cmi.suspend_data", _text(64000)),
        (rf"cmi\.comments_from_learner{N}\.comment", _localised(4000)),
        (rf"cmi\.comments_from_learner{N}\.location", _text(250)),
        (rf"cmi\.comments_from_learner{N}\.timestamp", TIMESTAMP),
        (r"cmi\.learner_preference\.audio_level", _decimal(0)),
        (r"cmi\.learner_preference\.language", _text(250)),
        (r"cmi\.learner_preference\.delivery_speed", _decimal(0)),
        (r"cmi\.learner_preference\.audio_captioning", _vocabulary("-1", "0", "1")),
        (rf"cmi\.objectives{N}\.id", _text(4000)),
        (rf"cmi\.objectives{N}\.score\.scaled", _decimal(-1, 1)),
        (rf"cmi\.objectives{N}\.score\.(raw|min|max)", _decimal()),
        (rf"cmi\.objectives{N}\.success_status", SUCCESS),
        (rf"cmi\.objectives{N}\.completion_status", COMPLETION),
        (rf"cmi\.objectives{N}\.progress_measure", _decimal(0, 1)),
        (rf"cmi\.objectives{N}\.description", _localised(250)),
        (rf"cmi\.interactions{N}\.id", _text(4000)),
        (
            rf"cmi\.interactions{N}\.type",
            _vocabulary(*TYPES_12, "long-fill-in", "other"),
        ),  # fmt: skip
        (rf"cmi\.interactions{N}\.objectives{N}\.id", _text(4000)),
        (rf"cmi\.interactions{N}\.timestamp", TIMESTAMP),
        (rf"cmi\.interactions{N}\.correct_responses{N}\.pattern", _text(4000)),
        (rf"cmi\.interactions{N}\.weighting", _decimal()),
        (rf"cmi\.interactions{N}\.learner_response", _text(4000)),
        (
            rf"cmi\.interactions{N}\.result",
            lambda v: RESULT_2004(v) or _decimal(blank=False)(v),
        ),  # fmt: skip
        (rf"cmi\.interactions{N}\.latency", DURATION),
        (rf"cmi\.interactions{N}\.description", _localised(250)),
    ],
}

#: Elements the LMS gives and the SCO only reads (scorm-again's commits carry them):
#: known, never stored from a commit.
READ_ONLY = {
    ScormPackage.Version.SCORM_12: [
        r"cmi\.core\.(student_id|student_name|credit|entry|lesson_mode)",
        r"cmi\.(launch_data|comments_from_lms)",
        r"cmi\.student_data\.(mastery_score|max_time_allowed|time_limit_action)",
    ],
    ScormPackage.Version.SCORM_2004: [
        r"cmi\.(learner_id|learner_name|credit|entry|mode|launch_data)",
        r"cmi\.(scaled_passing_score|completion_threshold|max_time_allowed)",
        r"cmi\.time_limit_action",
        rf"cmi\.comments_from_lms{N}\.(comment|location|timestamp)",
        r"adl\.nav\.request",
    ],
}

#: Elements whose value is only for this session, never kept.
SESSION_ONLY = {"cmi.core.session_time", "cmi.session_time"}


def _compiled(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_WRITABLE = {
    version: [(re.compile(re.escape(name) if "\\" not in name and "(" not in name
                          else name), check) for name, check in rules]
    for version, rules in WRITABLE.items()
}  # fmt: skip
_READ_ONLY = {version: _compiled(patterns) for version, patterns in READ_ONLY.items()}
_INDEX = re.compile(r"\[(\d+)\]")


def _rule(version: str, name: str) -> Callable[[str], bool] | None:
    """The check of a writable element, None for a known read-only one;
    CommitRefused for a name outside the data model or an index beyond the limit."""
    for pattern, check in _WRITABLE[version]:
        if match := pattern.fullmatch(name):
            indices = [int(g) for g in match.groups() if g and g.isdigit()]
            if any(i > MAX_INDEX for i in indices):
                raise CommitRefused(
                    _("%(element)s: too many entries.") % {"element": name}
                )
            return check
    if _READ_ONLY[version].fullmatch(name):
        return None
    raise CommitRefused(_("%(element)s: no such element.") % {"element": name})


def runtime_data_clean(version: str, data: object) -> dict[str, str]:
    """The writable elements of a commit (flattened, as scorm-again sends it with
    `dataCommitFormat: "flattened"`), checked; CommitRefused on the first that breaks
    the data model. Empty lists and objects (an empty `cmi.interactions`) are skipped;
    `cmi.interactions[0].id` and `cmi.interactions.0.id` are the same element."""
    if not isinstance(data, dict):
        raise CommitRefused(_("The runtime data is not an object."))
    kept = {}
    for key, value in data.items():
        if value in ([], {}):
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise CommitRefused(
                _("%(element)s: the value is not a text.") % {"element": key}
            )
        name = _INDEX.sub(r".\1", str(key))
        value = str(value)
        check = _rule(version, name)
        # "": not set (scorm-again sends every element); read-only: the LMS's.
        if value == "" or check is None:
            continue
        if not check(value):
            raise CommitRefused(
                _("%(element)s: the value is not allowed.") % {"element": name}
            )
        if name not in SESSION_ONLY:
            kept[name] = value
    return kept


@dataclass(frozen=True)
class Outcome:
    """What a SCO's data says about it: its completion and success, and its score."""

    completion: str  # completed, incomplete, not attempted, unknown
    success: str  # passed, failed, unknown
    scaled: float | None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def outcome_of(version: str, cmi: dict[str, str], mastery: float | None) -> Outcome:
    """A SCO's statuses from its data, with the package's mastery rules:

    - SCORM 1.2: `lesson_status` completed, passed or failed is completed; passed or
      failed is its success. With a mastery score (`adlcp:masteryscore`) and a raw
      score, the score decides passed or failed (RTE 3.4.2.2.6).
    - SCORM 2004: `completion_status` and `success_status` as set; with a scaled
      passing score and a scaled score, the score decides (RTE 4.2.22).
    """
    if version == ScormPackage.Version.SCORM_12:
        status = cmi.get("cmi.core.lesson_status", "not attempted")
        raw, top = (
            _float(cmi.get("cmi.core.score.raw")),
            _float(cmi.get("cmi.core.score.max")),
        )
        scaled = None if raw is None else raw / (top or 100)
        success = status if status in ("passed", "failed") else "unknown"
        if mastery is not None and raw is not None:
            success = "passed" if raw >= mastery else "failed"
        done = status in ("completed", "passed", "failed")
        return Outcome("completed" if done else status, success, scaled)
    scaled = _float(cmi.get("cmi.score.scaled"))
    success = cmi.get("cmi.success_status", "unknown")
    if mastery is not None and scaled is not None:
        success = "passed" if scaled >= mastery else "failed"
    return Outcome(cmi.get("cmi.completion_status", "unknown"), success, scaled)


def launch_data(
    attempt: ScormAttempt, sco: dict, state: ScormScoState | None
) -> dict[str, str]:
    """What the SCO finds when it starts (flattened, for `loadFromFlattenedJSON`):
    who the learner is, its launch data and mastery score from the manifest, and
    what it committed before, with `entry` resume after a suspend."""
    user = attempt.user
    version = attempt.activity.package.version
    saved = dict(state.cmi) if state else {}
    suspended = saved.pop("cmi.core.exit" if version == "1.2" else "cmi.exit", "")
    entry = (
        "ab-initio" if state is None else ("resume" if suspended == "suspend" else "")
    )
    name = user.get_full_name() or user.get_username()
    mastery = sco.get("mastery_score")
    if version == ScormPackage.Version.SCORM_12:
        given = {
            "cmi.core.student_id": str(user.pk),
            "cmi.core.student_name": name,
            "cmi.core.entry": entry,
            "cmi.core.credit": "credit",
            "cmi.core.lesson_mode": "normal",
            "cmi.launch_data": sco.get("launch_data", ""),
        }
        if mastery is not None:
            given["cmi.student_data.mastery_score"] = f"{mastery:g}"
    else:
        given = {
            "cmi.learner_id": str(user.pk),
            "cmi.learner_name": name,
            "cmi.entry": entry,
            "cmi.credit": "credit",
            "cmi.mode": "normal",
            "cmi.launch_data": sco.get("launch_data", ""),
        }
        if mastery is not None:
            given["cmi.scaled_passing_score"] = f"{mastery:g}"
    return {**saved, **given}


def attempt_current(*, user, activity) -> ScormAttempt:
    """The learner's newest attempt at `activity` (the one resumed), begun if none."""
    attempt = activity.attempts.filter(user=user).order_by("-number").first()
    if attempt is None:
        attempt, _created = ScormAttempt.objects.get_or_create(
            user=user, activity=activity, number=1
        )
    return attempt


def sco_commit(*, attempt: ScormAttempt, sco: dict, data: object) -> ScormAttempt:
    """Keep what a SCO committed (checked), and roll the SCOs up to the attempt.

    The attempt is complete once every SCO of the package is completed; passed once,
    in addition, none failed and at least one passed (a SCO without an assessment
    leaves its success unknown). Once complete, an attempt stays complete. An item
    that is an asset, not a SCO, is completed by being opened (`data` unused)."""
    package = attempt.activity.package
    if sco.get("asset"):
        # An asset never speaks to the runtime: opened is completed.
        cmi, outcome = {}, Outcome("completed", "unknown", None)
    else:
        cmi = runtime_data_clean(package.version, data)
        outcome = outcome_of(package.version, cmi, sco.get("mastery_score"))
    with transaction.atomic():
        attempt = ScormAttempt.objects.select_for_update().get(pk=attempt.pk)
        ScormScoState.objects.update_or_create(
            attempt=attempt,
            sco=sco["identifier"],
            defaults={
                "cmi": cmi,
                "completion_status": outcome.completion,
                "success_status": outcome.success,
                "score_scaled": outcome.scaled,
            },
        )
        states = {
            s.sco: s
            for s in attempt.scos.filter(
                sco__in=[s["identifier"] for s in package.scos]
            )
        }
        complete = len(states) == len(package.scos) and all(
            s.completion_status == "completed" for s in states.values()
        )
        successes = {s.success_status for s in states.values()}
        scores = [s.score_scaled for s in states.values() if s.score_scaled is not None]
        attempt.score_scaled = sum(scores) / len(scores) if scores else None
        if complete and attempt.completed_at is None:
            attempt.completed_at = timezone.now()
        attempt.passed = attempt.passed or (
            complete and "failed" not in successes and "passed" in successes
        )
        attempt.save()
    return attempt
