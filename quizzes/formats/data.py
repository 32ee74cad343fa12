"""The neutral representation of quiz questions (`QuestionData` with its
`AnswerData`), the text helpers both formats share, and the checks every question
passes whichever way it came in.

Free of Django: it only turns text into dataclasses and back.
"""

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal

QUESTION_TYPES = (
    "single",
    "multiple",
    "truefalse",
    "shortanswer",
    "numerical",
    "matching",
    "ordering",
    "gaps",
)

# Moodle writes fractions with 5 decimals (33.33333); all fractions are rounded
# to that step so data built in code equals the same data read back from a file.
_FRACTION_STEP = Decimal("0.00001")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GAP_MARKER = re.compile(r"\[\[(\d+)\]\]")
_TAG = re.compile(r"<[^>]*>")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A stem or answer made of only an image (or other media) is not empty.
_MEDIA_TAG = re.compile(
    r"<\s*(?:img|video|audio|iframe|object|embed|svg|math)\b", re.IGNORECASE
)
# XML 1.0 cannot carry these characters at all, not even in CDATA.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Where each <question> element starts; comments, CDATA sections and processing
# instructions are matched first so that their content is skipped.
_QUESTION_START = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|(<question\b)", re.DOTALL
)
_CATEGORY_PREFIXES = (
    "$course$/top/",
    "$course$/",
    "$system$/top/",
    "$system$/",
    "top/",
)
_DEFAULT_NAME_LENGTH = 40


def _format_decimal(value: Decimal) -> str:
    """Plain notation without trailing zeros: 100, 33.33333, -0.5."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass
class AnswerData:
    """One answer, option, pair or item of a question.

    `text` is HTML for single/multiple choice and the left item of a matching
    pair, plain text otherwise ("true"/"false" for truefalse).
    """

    text: str
    fraction: Decimal = Decimal(0)
    """Percentage of the question's mark, -100..100, rounded to 5 decimals."""
    feedback: str = ""
    """HTML shown when this answer is chosen."""
    match: str = ""
    """Matching: the right-hand item (plain) this left item pairs with; a
    distractor has text "" and a match."""
    tolerance: Decimal | None = None
    """Numerical: accepted deviation from the answer; None counts as 0. The
    readers always fill it in for numerical answers."""
    gap: int | None = None
    """Gaps: the 1-based gap this option or accepted text belongs to."""

    def __post_init__(self) -> None:
        # Rounded on creation so both directions of a round trip agree.
        rounded = Decimal(self.fraction).quantize(_FRACTION_STEP)
        self.fraction = Decimal(_format_decimal(rounded))


@dataclass
class QuestionData:
    """A question in the platform's neutral representation.

    `stem` is HTML; for "gaps" it holds markers [[1]], [[2]] … in order of
    appearance, and each answer's `gap` says which marker it belongs to.
    """

    type: str
    """One of QUESTION_TYPES."""
    name: str
    stem: str
    general_feedback: str = ""
    default_mark: Decimal = Decimal(1)
    category: str = ""
    """Category path without Moodle's "$course$/top/" prefix, "" for none."""
    case_sensitive: bool = False
    """Shortanswer and typed gaps only."""
    ignore_accents: bool = False
    """Shortanswer and typed gaps only."""
    gap_mode: str = "select"
    """Gaps: "select" (choose an option per gap) or "typed"."""
    shuffle_answers: bool = True
    answers: list[AnswerData] = field(default_factory=list)


@dataclass
class Unsupported:
    """A question of a type the platform cannot take over."""

    position: int
    """1-based position of the question in the file, category markers not counted."""
    name: str
    type: str
    """The file's own type word, e.g. "essay"."""
    line: int | None = None


@dataclass
class ParseResult:
    """The questions read from a file, and those that had to be left out."""

    questions: list[QuestionData]
    unsupported: list[Unsupported]


class QuestionFormatError(ValueError):
    """Malformed input; `line` and/or `question` (position or name) say where.

    `str(error)` reads like "line 12: unclosed '{' in question 3 'CSAM 3'"; the
    caller only translates the sentence around it.
    """

    def __init__(
        self, message: str, *, line: int | None = None, question: str | None = None
    ) -> None:
        self.message = message
        self.line = line
        self.question = question
        super().__init__(message)

    def __str__(self) -> str:
        text = self.message
        if self.line is not None:
            text = f"line {self.line}: {text}"
        if self.question:
            text = f"{text} in question {self.question}"
        return text


class _Invalid(Exception):
    """A problem inside one question; the caller adds its line and label."""


def _label(name: str, position: int) -> str:
    """How an error names a question: its position and name."""
    return f"{position} '{name}'" if name else str(position)


# --- text helpers -----------------------------------------------------------


def _html_to_plain(text: str) -> str:
    text = _LINE_BREAK_TAG.sub("\n", text)
    return html.unescape(_TAG.sub("", text)).strip()


def _plain_to_html(text: str) -> str:
    # Line breaks typed by the author would vanish in HTML without <br>.
    return html.escape(text, quote=False).replace("\n", "<br>")


def _is_blank_html(text: str) -> bool:
    return not _MEDIA_TAG.search(text) and not _html_to_plain(text)


def _default_name(stem: str) -> str:
    """The name given to a question without one: the start of its text."""
    return " ".join(_html_to_plain(stem).split())[:_DEFAULT_NAME_LENGTH].strip()


def _category_path(raw: str) -> str:
    """Strip Moodle's context prefix: "$course$/top/a/b" becomes "a/b"."""
    # The trailing slash lets a bare "$course$/top" match its prefix too.
    path = raw.strip() + "/"
    for prefix in _CATEGORY_PREFIXES:
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    return path.strip("/")


def _number(text: str) -> Decimal:
    # Decimal() alone would also take "NaN", "Infinity" and "1_000".
    if not _NUMBER.fullmatch(text):
        raise _Invalid(f"{text!r} is not a number")
    return Decimal(text)


def _fraction(text: str) -> Decimal:
    value = _number(text)
    if not -100 <= value <= 100:
        raise _Invalid(f"fraction {text} is outside -100..100")
    return value


# --- validation shared by both readers and the writer -----------------------


def _gap_problem(question: QuestionData) -> str | None:
    markers = [int(number) for number in _GAP_MARKER.findall(question.stem)]
    if not markers:
        return "the text has no gaps"
    if markers != list(range(1, len(markers) + 1)):
        return "the gaps must be numbered [[1]], [[2]] … in order"
    if question.gap_mode not in ("select", "typed"):
        return f"unknown gap mode {question.gap_mode!r}"
    for answer in question.answers:
        if answer.gap not in markers:
            return f"an option belongs to gap {answer.gap}, which is not in the text"
    for gap in markers:
        options = [answer for answer in question.answers if answer.gap == gap]
        if not options:
            return f"gap {gap} has no options"
        if any(not option.text.strip() for option in options):
            return f"gap {gap} has an empty option"
        right = [option for option in options if option.fraction == 100]
        if question.gap_mode == "select" and len(right) != 1:
            return f"gap {gap} needs exactly one right option"
    return None


def question_problem(question: QuestionData) -> str | None:
    """Why `question` cannot be used, or None when it makes sense."""
    if question.type not in QUESTION_TYPES:
        return f"unknown question type {question.type!r}"
    if _is_blank_html(question.stem):
        return "the question text is empty"
    if question.default_mark < 0:
        return "the mark is negative"
    answers = question.answers
    for answer in answers:
        if not -100 <= answer.fraction <= 100:
            return f"fraction {answer.fraction} is outside -100..100"
    full_marks = [answer for answer in answers if answer.fraction == 100]
    match question.type:
        case "single":
            if any(_is_blank_html(answer.text) for answer in answers):
                return "an answer is empty"
            if len(full_marks) != 1:
                return "single choice needs exactly one answer with fraction 100"
        case "multiple":
            if any(_is_blank_html(answer.text) for answer in answers):
                return "an answer is empty"
            total = sum(answer.fraction for answer in answers if answer.fraction > 0)
            # Thirds are written as 33.33333, so allow for that rounding.
            if abs(total - 100) > Decimal("0.01"):
                return (
                    "the right answers of a multiple response question add up "
                    f"to {_format_decimal(total)}%, not 100%"
                )
        case "truefalse":
            if sorted(answer.text for answer in answers) != ["false", "true"]:
                return "true/false needs exactly the answers 'true' and 'false'"
            if sorted(answer.fraction for answer in answers) != [0, 100]:
                return "true/false needs one answer at 100 and the other at 0"
        case "shortanswer" | "numerical":
            if any(not answer.text.strip() for answer in answers):
                return "an answer is empty"
            if question.type == "numerical":
                for answer in answers:
                    if not _NUMBER.fullmatch(answer.text):
                        return f"{answer.text!r} is not a number"
                    if answer.tolerance is not None and answer.tolerance < 0:
                        return f"answer {answer.text} has a negative tolerance"
            if not full_marks:
                return "there is no answer with fraction 100"
        case "matching":
            if any(not answer.match.strip() for answer in answers):
                return "a matching item has no right-hand item"
            if sum(1 for answer in answers if not _is_blank_html(answer.text)) < 2:
                return "matching needs at least 2 pairs"
        case "ordering":
            if any(not answer.text.strip() for answer in answers):
                return "an ordering item is empty"
            if len(answers) < 3:
                return "ordering needs at least 3 items"
        case "gaps":
            return _gap_problem(question)
    return None


def _checked(question: QuestionData) -> QuestionData:
    """`question` itself, or _Invalid saying why it does not make sense."""
    problem = question_problem(question)
    if problem:
        raise _Invalid(problem)
    return question
