"""The neutral representation of quiz questions (`QuestionData` with its
`AnswerData`), the text helpers both formats share, and the checks every question
passes whichever way it came in.

Free of Django but for its translation: it turns text into dataclasses and back,
and says what is wrong in the user's language (every message is translated when it is
raised, inside the request that imports the file).
"""

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal

import markdown
from django.utils.translation import gettext as _

from quizzes.formats.cloze import cloze_problem

QUESTION_TYPES = (
    "single",
    "multiple",
    "truefalse",
    "shortanswer",
    "numerical",
    "matching",
    "ordering",
    "gaps",
    "cloze",
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
class EmbeddedFile:
    """A file carried inside a question file."""

    name: str
    content: bytes


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
    files: dict[str, bytes] = field(default_factory=dict)
    """The files the texts refer to as `@@PLUGINFILE@@/<name>` (Moodle's embedded
    files), by name; a name may hold folders ("img/a.png")."""
    image: EmbeddedFile | None = None
    """The question's own image (Moodle's old `<image>` tag), shown below the stem."""
    image_alt: str = ""
    position: int = field(default=0, compare=False)
    """1-based position in the file it was read from, category markers not counted."""
    notes: list[str] = field(default_factory=list, compare=False)
    """What the file held that the platform does not keep or show, one translated
    sentence each: the import report lists them with the question."""


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

    `str(error)` reads like "line 12: unclosed '{' in question 3 'CSAM 3'", all of
    it in the language active when the error was raised (the importing user's).
    """

    def __init__(
        self, message: str, *, line: int | None = None, question: str | None = None
    ) -> None:
        self.message = message
        self.line = line
        self.question = question
        text = message
        if question:
            text = _("%(problem)s in question %(question)s") % {
                "problem": text,
                "question": question,
            }
        if line is not None:
            text = _("line %(line)s: %(problem)s") % {"line": line, "problem": text}
        super().__init__(text)


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


def _text_to_html(text: str, text_format: str) -> str:
    """Text in one of Moodle's formats as HTML, as Moodle shows it: "html" as it is,
    "moodle" (auto-format) HTML whose line breaks count, "markdown" converted, anything
    else plain text, escaped. The HTML is sanitised when it is stored."""
    match text_format:
        case "html":
            return text
        case "moodle":
            return text.replace("\n", "<br>")
        case "markdown":
            return markdown.markdown(text).strip()
        case _:
            return _plain_to_html(text)


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
        raise _Invalid(_("'%(text)s' is not a number") % {"text": text})
    return Decimal(text)


def _fraction(text: str) -> Decimal:
    value = _number(text)
    if not -100 <= value <= 100:
        raise _Invalid(
            _("fraction %(fraction)s is outside -100..100") % {"fraction": text}
        )
    return value


# --- validation shared by both readers and the writer -----------------------


def _gap_problem(question: QuestionData) -> str | None:
    markers = [int(number) for number in _GAP_MARKER.findall(question.stem)]
    if not markers:
        return _("the text has no gaps")
    if markers != list(range(1, len(markers) + 1)):
        return _("the gaps must be numbered [[1]], [[2]] … in order")
    if question.gap_mode not in ("select", "typed"):
        return _("unknown gap mode '%(mode)s'") % {"mode": question.gap_mode}
    for answer in question.answers:
        if answer.gap not in markers:
            return _("an option belongs to gap %(gap)s, which is not in the text") % {
                "gap": answer.gap
            }
    for gap in markers:
        options = [answer for answer in question.answers if answer.gap == gap]
        if not options:
            return _("gap %(gap)s has no options") % {"gap": gap}
        if any(not option.text.strip() for option in options):
            return _("gap %(gap)s has an empty option") % {"gap": gap}
        right = [option for option in options if option.fraction == 100]
        if question.gap_mode == "select" and len(right) != 1:
            return _("gap %(gap)s needs exactly one right option") % {"gap": gap}
    return None


def question_problem(question: QuestionData) -> str | None:
    """Why `question` cannot be used, or None when it makes sense."""
    if question.type not in QUESTION_TYPES:
        return _("unknown question type '%(type)s'") % {"type": question.type}
    if _is_blank_html(question.stem):
        return _("the question text is empty")
    if question.default_mark < 0:
        return _("the mark is negative")
    answers = question.answers
    for answer in answers:
        if not -100 <= answer.fraction <= 100:
            return _("fraction %(fraction)s is outside -100..100") % {
                "fraction": answer.fraction
            }
    full_marks = [answer for answer in answers if answer.fraction == 100]
    match question.type:
        case "single":
            if any(_is_blank_html(answer.text) for answer in answers):
                return _("an answer is empty")
            if len(full_marks) != 1:
                return _("single choice needs exactly one answer with fraction 100")
        case "multiple":
            if any(_is_blank_html(answer.text) for answer in answers):
                return _("an answer is empty")
            total = sum(answer.fraction for answer in answers if answer.fraction > 0)
            # Thirds are written as 33.33333, so allow for that rounding.
            if abs(total - 100) > Decimal("0.01"):
                return _(
                    "the right answers of a multiple response question add up "
                    "to %(total)s%%, not 100%%"
                ) % {"total": _format_decimal(total)}
        case "truefalse":
            if sorted(answer.text for answer in answers) != ["false", "true"]:
                return _("true/false needs exactly the answers 'true' and 'false'")
            if sorted(answer.fraction for answer in answers) != [0, 100]:
                return _("true/false needs one answer at 100 and the other at 0")
        case "shortanswer" | "numerical":
            if any(not answer.text.strip() for answer in answers):
                return _("an answer is empty")
            if question.type == "numerical":
                for answer in answers:
                    if not _NUMBER.fullmatch(answer.text):
                        return _("'%(text)s' is not a number") % {"text": answer.text}
                    if answer.tolerance is not None and answer.tolerance < 0:
                        return _("answer %(answer)s has a negative tolerance") % {
                            "answer": answer.text
                        }
            if not full_marks:
                return _("there is no answer with fraction 100")
        case "matching":
            if any(not answer.match.strip() for answer in answers):
                return _("a matching item has no right-hand item")
            if sum(1 for answer in answers if not _is_blank_html(answer.text)) < 2:
                return _("matching needs at least 2 pairs")
        case "ordering":
            if any(not answer.text.strip() for answer in answers):
                return _("an ordering item is empty")
            if len(answers) < 3:
                return _("ordering needs at least 3 items")
        case "gaps":
            return _gap_problem(question)
        case "cloze":
            return cloze_problem(question.stem)
    return None


# The types that show learners the feedback of the answer they gave
# (`option_feedback` in quizzes.types); the others keep it for export only.
_ANSWER_FEEDBACK_SHOWN = ("single", "multiple", "truefalse", "shortanswer", "numerical")


def _noted(question: QuestionData) -> QuestionData:
    """`question`, noting answer feedback that its type does not show learners."""
    if question.type not in _ANSWER_FEEDBACK_SHOWN and any(
        not _is_blank_html(answer.feedback) for answer in question.answers
    ):
        question.notes.append(
            _(
                "The feedback of each answer is kept for export, but learners do not "
                "see it with this type of question."
            )
        )
    return question


def _checked(question: QuestionData) -> QuestionData:
    """`question` itself, or _Invalid saying why it does not make sense."""
    problem = question_problem(question)
    if problem:
        raise _Invalid(problem)
    return question
