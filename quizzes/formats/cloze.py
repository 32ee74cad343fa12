"""Moodle's embedded answers ("cloze", Moodle XML type="cloze", `multianswer`).

A cloze question's stem holds its sub-questions in Moodle's own syntax, e.g.
``{1:SHORTANSWER:=Berlin#Right~%50%Bonn#Half right}``, the way Moodle authors write
them, so a bank exported from Moodle imports unchanged and exports back the same way.
This module reads that syntax (`parse_cloze`) and says what is wrong with it
(`cloze_problem`); the question type (`quizzes.types.cloze`) draws, shows and grades
what it reads.

The rules follow Moodle's `qtype_multianswer_extract_question`:

- a gap is ``{weight:KIND:alternatives}``; the weight (digits, empty for 1) is the
  gap's share of the question's mark, the number of a gap is its place in the text;
- alternatives are separated by ``~``; each is an optional fraction (``=`` for 100,
  ``%50%`` or ``%-33.3%``), the answer, and an optional ``#feedback``;
- a backslash escapes ``} # ~ / " \\`` in answers and feedback; a ``#`` right after
  ``&`` or ``&amp;`` belongs to an HTML entity (``&#39;``), never starts feedback;
- the stem is rich-text HTML: typed answers are compared with their tags removed and
  their entities decoded (``&amp;`` is ``&``); choices and feedback stay HTML.

Free of Django apart from `gettext`: it only turns text into dataclasses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
# Moodle writes fractions with five decimals (33.33333).
_STEP = Decimal("0.00001")

# Kind word → (kind, case sensitive, display, shuffled).
_KINDS: dict[str, tuple[str, bool, str, bool]] = {}
for _words, _spec in (
    (("SHORTANSWER", "SA", "MW"), ("shortanswer", False, "", False)),
    (("SHORTANSWER_C", "SAC", "MWC"), ("shortanswer", True, "", False)),
    (("NUMERICAL", "NM"), ("numerical", False, "", False)),
    (("MULTICHOICE", "MC"), ("multichoice", False, "dropdown", False)),
    (("MULTICHOICE_S", "MCS"), ("multichoice", False, "dropdown", True)),
    (("MULTICHOICE_V", "MCV"), ("multichoice", False, "vertical", False)),
    (("MULTICHOICE_VS", "MCVS"), ("multichoice", False, "vertical", True)),
    (("MULTICHOICE_H", "MCH"), ("multichoice", False, "horizontal", False)),
    (("MULTICHOICE_HS", "MCHS"), ("multichoice", False, "horizontal", True)),
    (("MULTIRESPONSE", "MR"), ("multiresponse", False, "vertical", False)),
    (("MULTIRESPONSE_S", "MRS"), ("multiresponse", False, "vertical", True)),
    (("MULTIRESPONSE_H", "MRH"), ("multiresponse", False, "horizontal", False)),
    (("MULTIRESPONSE_HS", "MRHS"), ("multiresponse", False, "horizontal", True)),
):
    for _word in _words:
        _KINDS[_word] = _spec

# Where a gap starts: "{", the weight, ":", a kind word, ":". A kind word Moodle does
# not know is still found, so it is refused by name instead of shown as text.
_GAP_START = re.compile(r"\{(\d*):([A-Za-z_]+):")
_FRACTION = re.compile(r"=|%(-?\d+(?:[.,]\d*)?)%")
_NUMBER = r"-?(?:\d+[.,]?\d*|[.,]\d+)(?:[eE][-+]?\d+)?"
_NUMERICAL = re.compile(rf"({_NUMBER})(?::({_NUMBER}))?")
_ESCAPED = re.compile(r"\\([}#~/\"\\])")
_TAG = re.compile(r"<[^>]*>")
# A choice made of only an image is not empty.
_MEDIA = re.compile(r"<\s*(?:img|embed)\b", re.IGNORECASE)


class ClozeError(ValueError):
    """The stem is not a usable cloze text; `str()` says why, translated."""


@dataclass(frozen=True)
class ClozeAnswer:
    """One alternative of a gap, with the attributes of `quizzes.models.Answer` the
    drawing reads, so a gap's answers are drawn like a question's."""

    text: str
    """Plain text for typed gaps (tags removed, entities decoded), HTML for choices;
    a number for numerical gaps ("*" accepts anything)."""
    fraction: Decimal
    """Share of the gap's weight, in percent (-100..100)."""
    feedback: str = ""
    """HTML, shown in the review when this answer was given."""
    tolerance: Decimal | None = None


@dataclass(frozen=True)
class Gap:
    number: int
    """Its place in the text, from 1."""
    kind: str
    """"shortanswer", "numerical", "multichoice" or "multiresponse"."""
    weight: int
    answers: tuple[ClozeAnswer, ...]
    case_sensitive: bool = False
    display: str = ""
    """Choices: "dropdown", "vertical" or "horizontal"."""
    shuffle: bool = False
    markup: str = ""
    """The gap as written, braces included."""


@dataclass(frozen=True)
class Cloze:
    texts: tuple[str, ...]
    """The HTML around the gaps: one more than there are gaps."""
    gaps: tuple[Gap, ...]

    @property
    def total_weight(self) -> int:
        return sum(gap.weight for gap in self.gaps)


def parse_cloze(stem: str) -> Cloze:
    """The text and gaps of a cloze stem; raises ClozeError when it is not usable."""
    texts: list[str] = []
    gaps: list[Gap] = []
    position = 0
    while match := _GAP_START.search(stem, position):
        number = len(gaps) + 1
        word = match.group(2)
        if word not in _KINDS:
            raise ClozeError(
                _(
                    "gap %(number)s has the unknown kind %(kind)s (use SHORTANSWER, "
                    "SHORTANSWER_C, NUMERICAL, MULTICHOICE or MULTIRESPONSE and "
                    "their short forms)"
                )
                % {"number": number, "kind": word}
            )
        body, end = _body(stem, match.end(), number)
        kind, case_sensitive, display, shuffle = _KINDS[word]
        weight = int(match.group(1)) if match.group(1) else 1
        answers = _answers(body, kind, number)
        texts.append(stem[position : match.start()])
        gaps.append(
            Gap(
                number=number,
                kind=kind,
                weight=weight,
                answers=answers,
                case_sensitive=case_sensitive,
                display=display,
                shuffle=shuffle,
                markup=stem[match.start() : end],
            )
        )
        position = end
    texts.append(stem[position:])
    if not gaps:
        raise ClozeError(
            _("the text has no gaps (write one like {1:SHORTANSWER:=answer})")
        )
    cloze = Cloze(texts=tuple(texts), gaps=tuple(gaps))
    if not cloze.total_weight:
        raise ClozeError(_("every gap has weight 0"))
    return cloze


def cloze_problem(stem: str) -> str | None:
    """Why `stem` is not a usable cloze text (a translated sentence), or None."""
    try:
        parse_cloze(stem)
    except ClozeError as error:
        return str(error)
    return None


def _body(stem: str, start: int, number: int) -> tuple[str, int]:
    """The alternatives of the gap starting at `start`, up to its unescaped "}", and
    where the gap ends."""
    index = start
    while index < len(stem):
        char = stem[index]
        if char == "\\":
            index += 2
            continue
        if char == "}":
            return stem[start:index], index + 1
        if char == "{":
            break
        index += 1
    raise ClozeError(_("gap %(number)s is not closed with }") % {"number": number})


def _split(body: str) -> list[tuple[str, str]]:
    """The alternatives of a gap's body, each as (fraction and answer, feedback)."""
    alternatives: list[tuple[str, str]] = []
    answer, feedback, in_feedback = "", "", False
    index = 0
    while index <= len(body):
        char = body[index] if index < len(body) else "~"
        if char == "\\" and index + 1 < len(body):
            pair = body[index : index + 2]
            if in_feedback:
                feedback += pair
            else:
                answer += pair
            index += 2
            continue
        if char == "~":
            alternatives.append((answer, feedback))
            answer, feedback, in_feedback = "", "", False
        elif char == "#" and not in_feedback and not _in_entity(answer):
            in_feedback = True
        elif in_feedback:
            feedback += char
        else:
            answer += char
        index += 1
    return alternatives


def _in_entity(before: str) -> bool:
    return before.endswith("&") or before.endswith("&amp;")


def _answers(body: str, kind: str, number: int) -> tuple[ClozeAnswer, ...]:
    answers = []
    specific = False
    for raw, feedback in _split(body):
        fraction = Decimal(0)
        if match := _FRACTION.match(raw):
            if match.group(0) == "=":
                fraction = HUNDRED
            else:
                fraction = Decimal(match.group(1).replace(",", "."))
                specific = True
            raw = raw[match.end() :]
        if not -HUNDRED <= fraction <= HUNDRED:
            raise ClozeError(
                _("gap %(number)s has a fraction outside -100%%..100%%")
                % {"number": number}
            )
        text = _unescape(raw).strip()
        if kind in ("shortanswer", "numerical"):
            text = html.unescape(_TAG.sub("", text)).strip()
        if not _TAG.sub("", text).strip() and not _MEDIA.search(text):
            raise ClozeError(
                _("gap %(number)s has an empty answer") % {"number": number}
            )
        tolerance = None
        if kind == "numerical" and text != "*":
            numerical = _NUMERICAL.fullmatch(text)
            if numerical is None:
                raise ClozeError(
                    _(
                        "gap %(number)s: %(answer)s is not a number (write 12, or "
                        "12:0.5 for 12 give or take 0.5)"
                    )
                    % {"number": number, "answer": text}
                )
            text = numerical.group(1).replace(",", ".")
            tolerance = Decimal((numerical.group(2) or "0").replace(",", "."))
        answers.append(
            ClozeAnswer(
                text=text,
                fraction=fraction,
                feedback=_unescape(feedback).strip(),
                tolerance=tolerance,
            )
        )
    return _checked(tuple(answers), kind, number, specific)


def _checked(
    answers: tuple[ClozeAnswer, ...], kind: str, number: int, specific: bool
) -> tuple[ClozeAnswer, ...]:
    if kind in ("multichoice", "multiresponse") and len(answers) < 2:
        raise ClozeError(
            _("gap %(number)s offers fewer than two choices") % {"number": number}
        )
    if kind == "multiresponse":
        return _multiresponse(answers, number, specific)
    if not any(answer.fraction == HUNDRED for answer in answers):
        raise _no_right_answer(number)
    return answers


def _multiresponse(
    answers: tuple[ClozeAnswer, ...], number: int, specific: bool
) -> tuple[ClozeAnswer, ...]:
    """Moodle's fractions for a multiple-response gap: the right choices share 100%;
    without any "%n%", each wrong tick takes off what one right tick gives."""
    total = sum((a.fraction for a in answers if a.fraction > 0), Decimal(0))
    if not total:
        raise _no_right_answer(number)
    # What one right tick is worth, as a share of the gap (one "=" is 100).
    share = HUNDRED / total
    return tuple(
        ClozeAnswer(
            text=a.text,
            fraction=(
                a.fraction * share
                if a.fraction > 0
                else a.fraction
                if specific
                else -share * HUNDRED
            ).quantize(_STEP),
            feedback=a.feedback,
        )
        for a in answers
    )


def _no_right_answer(number: int) -> ClozeError:
    return ClozeError(
        _("gap %(number)s has no right answer (mark it with = or %%100%%)")
        % {"number": number}
    )


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)
