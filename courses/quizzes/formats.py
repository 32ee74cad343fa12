"""Read and write quiz questions as Moodle XML and GIFT.

Both formats are converted to and from one neutral representation
(`QuestionData` with its `AnswerData`), so the rest of the platform never
deals with file formats. The Moodle XML subset is specified in FORMAT.md next
to this module; GIFT follows Moodle's own GIFT importer.

This module is deliberately free of Django: it only turns text into
dataclasses and back, which keeps it testable without a database.
"""

import html
import re
import xml.etree.ElementTree as ET
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


# --- Moodle XML reader ------------------------------------------------------


class _TreeBuilder(ET.TreeBuilder):
    """Builds the element tree, refusing document type declarations.

    Quiz files never need a DTD, and entity declarations inside one are what
    entity-expansion attacks are made of; refusing them at the start of the
    declaration stops the parse before any entity is declared.
    """

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise QuestionFormatError("document type declarations are not allowed")


def _parse_xml(data: bytes | str) -> ET.Element:
    # ElementTree never fetches external entities; the tree builder above
    # rejects DTDs, which covers what defusedxml would add.
    parser = ET.XMLParser(target=_TreeBuilder())  # noqa: S314
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as error:
        line = error.position[0]
        message = re.sub(r": line \d+, column \d+$", "", str(error))
        raise QuestionFormatError(f"malformed XML ({message})", line=line) from None
    if root.tag != "quiz":
        raise QuestionFormatError(f"the file holds <{root.tag}>, not <quiz>", line=1)
    return root


def _question_lines(data: bytes | str, root: ET.Element) -> dict[int, int]:
    """The line where each <question> element starts, keyed by id(element).

    ElementTree keeps no line numbers, so the start tags are found in the
    source. If the count disagrees with the tree (an encoding the scan cannot
    read), lines are left out rather than guessed.
    """
    source = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    lines: list[int] = []
    line, scanned = 1, 0
    for match in _QUESTION_START.finditer(source):
        if match.group(1):
            line += source.count("\n", scanned, match.start())
            scanned = match.start()
            lines.append(line)
    elements = list(root.iter("question"))
    if len(elements) != len(lines):
        return {}
    return {id(element): line for element, line in zip(elements, lines, strict=True)}


def _text_of(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return (element.findtext("text") or "").strip()


def _read_html(element: ET.Element | None) -> str:
    """A text field as HTML; other formats (plain, Moodle auto) are converted."""
    text = _text_of(element)
    if element is not None and element.get("format", "html") != "html":
        return _plain_to_html(text)
    return text


def _read_plain(element: ET.Element | None) -> str:
    """A text field as plain text; HTML (as Moodle writes ordering items) is
    reduced to its text."""
    text = _text_of(element)
    if element is not None and element.get("format") == "html":
        return _html_to_plain(text)
    return text


def _read_flag(element: ET.Element, tag: str, default: bool) -> bool:
    text = (element.findtext(tag) or "").strip().lower()
    if not text:
        return default
    return text in ("1", "true", "yes")


def _read_fraction(answer: ET.Element) -> Decimal:
    return _fraction(answer.get("fraction", "0").strip())


def _read_multichoice(element: ET.Element, question: QuestionData) -> None:
    question.type = "single" if _read_flag(element, "single", True) else "multiple"
    question.answers = [
        AnswerData(
            text=_read_html(answer),
            fraction=_read_fraction(answer),
            feedback=_read_html(answer.find("feedback")),
        )
        for answer in element.findall("answer")
    ]


def _read_truefalse(element: ET.Element, question: QuestionData) -> None:
    question.type = "truefalse"
    question.answers = [
        AnswerData(
            text=_read_plain(answer).lower(),
            fraction=_read_fraction(answer),
            feedback=_read_html(answer.find("feedback")),
        )
        for answer in element.findall("answer")
    ]


def _read_shortanswer(element: ET.Element, question: QuestionData) -> None:
    question.type = "shortanswer"
    question.case_sensitive = _read_flag(element, "usecase", False)
    question.ignore_accents = _read_flag(element, "ignoreaccents", False)
    question.answers = [
        AnswerData(
            text=_read_plain(answer),
            fraction=_read_fraction(answer),
            feedback=_read_html(answer.find("feedback")),
        )
        for answer in element.findall("answer")
    ]


def _read_numerical(element: ET.Element, question: QuestionData) -> None:
    question.type = "numerical"
    for answer in element.findall("answer"):
        text = _read_plain(answer)
        tolerance = (answer.findtext("tolerance") or "0").strip()
        question.answers.append(
            AnswerData(
                text=text,
                fraction=_read_fraction(answer),
                feedback=_read_html(answer.find("feedback")),
                tolerance=_number(tolerance),
            )
        )


def _read_matching(element: ET.Element, question: QuestionData) -> None:
    question.type = "matching"
    for subquestion in element.findall("subquestion"):
        left = _read_html(subquestion)
        question.answers.append(
            AnswerData(
                text="" if _is_blank_html(left) else left,
                match=_read_plain(subquestion.find("answer")),
            )
        )


def _read_ordering(element: ET.Element, question: QuestionData) -> None:
    question.type = "ordering"
    # Moodle itself stores the position in `fraction`; the document order is
    # what counts, so the fraction is not read.
    question.answers = [
        AnswerData(
            text=_read_plain(answer), feedback=_read_html(answer.find("feedback"))
        )
        for answer in element.findall("answer")
    ]


def _renumber_gaps(stem: str, pattern: re.Pattern[str]) -> str:
    """Replace each match of `pattern` by [[1]], [[2]] … in order."""
    numbers = iter(range(1, len(pattern.findall(stem)) + 1))
    return pattern.sub(lambda _match: f"[[{next(numbers)}]]", stem)


def _read_gapselect(element: ET.Element, question: QuestionData) -> None:
    question.type = "gaps"
    question.gap_mode = "select"
    options = [
        (_read_plain(option), (option.findtext("group") or "1").strip())
        for option in element.findall("selectoption")
    ]
    markers = [int(number) for number in _GAP_MARKER.findall(question.stem)]
    if markers and not options:
        raise _Invalid("the text has gaps but there are no options")
    for gap, marker in enumerate(markers, 1):
        if not 1 <= marker <= len(options):
            raise _Invalid(f"gap [[{marker}]] points at a missing option")
        group = options[marker - 1][1]
        question.answers += [
            AnswerData(
                text=text, fraction=Decimal(100 if index == marker else 0), gap=gap
            )
            for index, (text, option_group) in enumerate(options, 1)
            if option_group == group
        ]
    question.stem = _renumber_gaps(question.stem, _GAP_MARKER)


def _read_gapfill(element: ET.Element, question: QuestionData) -> None:
    question.type = "gaps"
    question.gap_mode = "typed"
    question.case_sensitive = _read_flag(element, "casesensitive", False)
    question.ignore_accents = _read_flag(element, "ignoreaccents", False)
    delimiters = (element.findtext("delimitchars") or "").strip() or "[]"
    if len(delimiters) != 2:
        raise _Invalid(f"gap delimiters {delimiters!r} are not two characters")
    start, end = map(re.escape, delimiters)
    gap_pattern = re.compile(f"{start}([^{start}{end}]*){end}")
    for gap, content in enumerate(gap_pattern.findall(question.stem), 1):
        question.answers += [
            AnswerData(text=text, fraction=Decimal(100), gap=gap)
            for text in map(_html_to_plain, content.split("|"))
            if text
        ]
    question.stem = _renumber_gaps(question.stem, gap_pattern)


_MOODLE_READERS = {
    "multichoice": _read_multichoice,
    "truefalse": _read_truefalse,
    "shortanswer": _read_shortanswer,
    "numerical": _read_numerical,
    "matching": _read_matching,
    "ordering": _read_ordering,
    "gapselect": _read_gapselect,
    "gapfill": _read_gapfill,
}


def _read_question(
    element: ET.Element, reader_type: str, category: str
) -> QuestionData:
    question = QuestionData(
        type="",
        name=_text_of(element.find("name")),
        stem=_read_html(element.find("questiontext")),
        general_feedback=_read_html(element.find("generalfeedback")),
        default_mark=_number((element.findtext("defaultgrade") or "1").strip()),
        category=category,
        shuffle_answers=_read_flag(element, "shuffleanswers", True),
    )
    _MOODLE_READERS[reader_type](element, question)
    return _checked(question)


def parse_moodle_xml(data: bytes | str) -> ParseResult:
    """Read a Moodle XML quiz file (the subset in FORMAT.md).

    Questions of other types are listed in `unsupported`; the rest is still
    read. Raises QuestionFormatError for malformed XML and for a supported
    question that does not make sense.
    """
    root = _parse_xml(data)
    lines = _question_lines(data, root)
    result = ParseResult(questions=[], unsupported=[])
    category = ""
    position = 0
    for element in root.findall("question"):
        question_type = element.get("type", "")
        if question_type == "category":
            category_element = element.find("category")
            raw = _text_of(category_element)
            if not raw and category_element is not None:
                raw = category_element.text or ""  # old files omit <text>
            category = _category_path(raw)
            continue
        position += 1
        line = lines.get(id(element))
        name = _text_of(element.find("name"))
        if question_type not in _MOODLE_READERS:
            result.unsupported.append(Unsupported(position, name, question_type, line))
            continue
        try:
            result.questions.append(_read_question(element, question_type, category))
        except _Invalid as error:
            raise QuestionFormatError(
                str(error), line=line, question=_label(name, position)
            ) from None
    return result


# --- GIFT reader ------------------------------------------------------------

# Escaped special characters are swapped for private-use characters while the
# structure is parsed, and swapped back in the finished texts. (A file's own
# U+E000..U+E006 would come out as those specials; quiz text never has them.)
_GIFT_SPECIALS = "~=#{}:\\"
_PLACEHOLDERS = {char: chr(0xE000 + index) for index, char in enumerate(_GIFT_SPECIALS)}
_RESTORE = str.maketrans({value: key for key, value in _PLACEHOLDERS.items()})
_GIFT_ESCAPE = re.compile(r"\\([~=#{}:\\n])")
_GIFT_FORMAT = re.compile(r"\[(html|moodle|plain|markdown)\]\s*")
_GIFT_WEIGHT = re.compile(r"\s*%([^%]*)%")
_GIFT_TRUEFALSE = re.compile(
    r"(T|TRUE|F|FALSE)\s*(?:#(.*))?", re.IGNORECASE | re.DOTALL
)


def _protect(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        return "\n" if char == "n" else _PLACEHOLDERS[char]

    return _GIFT_ESCAPE.sub(replace, text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _split_format(text: str, default: str) -> tuple[str, str]:
    """A leading [html]/[moodle]/[plain]/[markdown] and the text after it."""
    match = _GIFT_FORMAT.match(text)
    if match:
        return match.group(1), text[match.end() :]
    return default, text


def _gift_html(raw: str, text_format: str) -> str:
    """A GIFT text as HTML; only [html] text is taken as HTML already."""
    text_format, text = _split_format(raw.strip(), text_format)
    text = _restore(text).strip()
    return text if text_format == "html" else _plain_to_html(text)


def _gift_plain(raw: str) -> str:
    return _restore(raw).strip()


def _gift_blocks(text: str) -> list[tuple[int, str]]:
    """The file's questions and $CATEGORY lines with their first line number.

    Blank lines separate questions; comment lines are dropped without
    separating anything, as in Moodle.
    """
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(lines.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped or stripped.startswith("$CATEGORY:"):
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            if stripped:
                blocks.append((number, stripped))
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _gift_items(body: str, markers: str) -> list[tuple[str, str]]:
    """Split an answer block into (marker, text) at each of `markers`."""
    parts = re.split(f"([{markers}])", body)
    if parts[0].strip():
        raise _Invalid(f"unexpected text {_gift_plain(parts[0])!r} before the answers")
    return list(zip(parts[1::2], parts[2::2], strict=True))


def _gift_answer(raw: str) -> tuple[Decimal | None, str, str]:
    """An answer's %weight% (None if absent), its text and its #feedback."""
    weight = None
    match = _GIFT_WEIGHT.match(raw)
    if match:
        weight = _fraction(_gift_plain(match.group(1)))
        raw = raw[match.end() :]
    text, _, feedback = raw.partition("#")
    if not text.strip():
        raise _Invalid("the answer block has an empty answer")
    return weight, text, feedback


def _gift_choice(body: str, question: QuestionData, text_format: str) -> None:
    items = _gift_items(body, "=~")
    # As in Moodle: without an "=" answer the weights decide, so several
    # answers can be right.
    has_right = any(marker == "=" for marker, _ in items)
    question.type = "single" if has_right else "multiple"
    for marker, raw in items:
        weight, text, feedback = _gift_answer(raw)
        if weight is None:
            weight = Decimal(100 if marker == "=" else 0)
        question.answers.append(
            AnswerData(
                text=_gift_html(text, text_format),
                fraction=weight,
                feedback=_gift_html(feedback, text_format),
            )
        )


def _gift_shortanswer(body: str, question: QuestionData, text_format: str) -> None:
    question.type = "shortanswer"
    for _, raw in _gift_items(body, "="):
        weight, text, feedback = _gift_answer(raw)
        question.answers.append(
            AnswerData(
                text=_gift_plain(text),
                fraction=Decimal(100) if weight is None else weight,
                feedback=_gift_html(feedback, text_format),
            )
        )


def _gift_matching(body: str, question: QuestionData, text_format: str) -> None:
    question.type = "matching"
    for _, raw in _gift_items(body, "="):
        left, arrow, right = raw.partition("->")
        if not arrow:
            raise _Invalid(f"matching pair {_gift_plain(raw)!r} has no '->'")
        question.answers.append(
            AnswerData(text=_gift_html(left, text_format), match=_gift_plain(right))
        )


def _gift_number(text: str) -> tuple[str, Decimal]:
    """The answer and tolerance of "3.14:0.01", "3.14" or a range "1..5"."""
    low, dots, high = text.partition("..")
    if dots:
        low_value, high_value = _number(low.strip()), _number(high.strip())
        if low_value > high_value:
            raise _Invalid(f"range {text} runs from high to low")
        middle = (low_value + high_value) / 2
        return _format_decimal(middle), (high_value - low_value) / 2
    # The answer itself is checked with the rest of the question.
    value, colon, tolerance = text.partition(":")
    return value.strip(), _number(tolerance.strip()) if colon else Decimal(0)


def _gift_numerical(body: str, question: QuestionData, text_format: str) -> None:
    question.type = "numerical"
    body = body.strip()
    if not body:
        raise _Invalid("the numerical answer is empty")
    # "{#3.14:0.01}" is shorthand for a single fully right answer.
    items = _gift_items(body, "=") if body.startswith("=") else [("=", body)]
    for _, raw in items:
        weight, text, feedback = _gift_answer(raw)
        value, tolerance = _gift_number(_gift_plain(text))
        question.answers.append(
            AnswerData(
                text=value,
                fraction=Decimal(100) if weight is None else weight,
                feedback=_gift_html(feedback, text_format),
                tolerance=tolerance,
            )
        )


def _gift_truefalse(
    match: re.Match[str], question: QuestionData, text_format: str
) -> None:
    question.type = "truefalse"
    is_true = match.group(1).upper() in ("T", "TRUE")
    # Moodle's convention: "{T#first#second}" shows the first feedback after a
    # wrong response and the second after a right one.
    wrong, _, right = (match.group(2) or "").partition("#")
    wrong_feedback = _gift_html(wrong, text_format)
    right_feedback = _gift_html(right, text_format)
    question.answers = [
        AnswerData(
            text="true",
            fraction=Decimal(100 if is_true else 0),
            feedback=right_feedback if is_true else wrong_feedback,
        ),
        AnswerData(
            text="false",
            fraction=Decimal(0 if is_true else 100),
            feedback=wrong_feedback if is_true else right_feedback,
        ),
    ]


def _gift_answers(body: str, question: QuestionData, text_format: str) -> None:
    """Fill in the type and answers from the text between the braces."""
    # The order of these checks is Moodle's.
    if body.startswith("#"):
        _gift_numerical(body[1:], question, text_format)
    elif "~" in body:
        _gift_choice(body, question, text_format)
    elif "=" in body and "->" in body:
        _gift_matching(body, question, text_format)
    elif truefalse := _GIFT_TRUEFALSE.fullmatch(body):
        _gift_truefalse(truefalse, question, text_format)
    elif body.startswith("="):
        _gift_shortanswer(body, question, text_format)
    else:
        raise _Invalid("the answer block has no '=', '~' or '#' answers")


def _parse_gift_question(
    block: str, *, category: str, line: int, position: int
) -> QuestionData | Unsupported:
    text = _protect(block).strip()
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end == -1:
            name = _default_name(_gift_plain(text[2:]))
            raise QuestionFormatError(
                "unclosed '::' title", line=line, question=_label(name, position)
            )
        title = _gift_plain(text[2:end])
        text = text[end + 2 :].strip()
    text_format, text = _split_format(text, "moodle")
    opening, closing = text.find("{"), text.find("}")
    name = title or _default_name(
        _gift_html(text if opening == -1 else text[:opening], text_format)
    )

    # Reads `name` when called, so errors found later carry the final name.
    def error(message: str) -> QuestionFormatError:
        return QuestionFormatError(message, line=line, question=_label(name, position))

    if opening == -1 and closing == -1:
        return Unsupported(position, name, "description", line)
    if closing == -1:
        raise error("unclosed '{'")
    if opening == -1 or closing < opening:
        raise error("'}' without '{'")
    after = text[closing + 1 :]
    if "{" in after or "}" in after:
        raise error("more than one answer block")
    # Text after the braces makes it a "missing word" question: the blank
    # shows where the answers go.
    stem_source = text[:opening] + ("_____" + after if after.strip() else "")
    stem = _gift_html(stem_source, text_format)
    name = title or _default_name(stem)
    body, separator, general_feedback = text[opening + 1 : closing].rpartition("####")
    if not separator:
        body, general_feedback = general_feedback, ""
    body = body.strip()
    if not body:
        return Unsupported(position, name, "essay", line)
    question = QuestionData(
        type="",
        name=name,
        stem=stem,
        general_feedback=_gift_html(general_feedback, text_format),
        category=category,
    )
    try:
        _gift_answers(body, question, text_format)
        return _checked(question)
    except _Invalid as problem:
        raise error(str(problem)) from None


def parse_gift(text: str) -> ParseResult:
    """Read questions in Moodle's GIFT format.

    Essays (`{}`) and descriptions (no braces) are listed in `unsupported`.
    Raises QuestionFormatError with the line where the faulty question starts.
    """
    result = ParseResult(questions=[], unsupported=[])
    category = ""
    position = 0
    for line, block in _gift_blocks(text):
        if block.startswith("$CATEGORY:"):
            category = _category_path(block.removeprefix("$CATEGORY:"))
            continue
        position += 1
        item = _parse_gift_question(
            block, category=category, line=line, position=position
        )
        if isinstance(item, Unsupported):
            result.unsupported.append(item)
        else:
            result.questions.append(item)
    return result


# --- Moodle XML writer ------------------------------------------------------


def _xml_text(text: str) -> str:
    """<text> with plain text, escaped."""
    return f"<text>{html.escape(_XML_ILLEGAL.sub('', text), quote=False)}</text>"


def _xml_html(text: str) -> str:
    """<text> with HTML in CDATA; a "]]>" inside is split over two sections."""
    content = _XML_ILLEGAL.sub("", text).replace("]]>", "]]]]><![CDATA[>")
    return f"<text><![CDATA[{content}]]></text>"


def _xml_answer(answer: AnswerData, *, html_text: bool, extra: str = "") -> str:
    text = _xml_html(answer.text) if html_text else _xml_text(answer.text)
    text_format = "html" if html_text else "plain_text"
    return (
        f'<answer fraction="{_format_decimal(answer.fraction)}" format="{text_format}">'
        f'{text}{extra}<feedback format="html">{_xml_html(answer.feedback)}</feedback>'
        "</answer>"
    )


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _gapselect_parts(question: QuestionData) -> tuple[str, list[str]]:
    """The Moodle stem and <selectoption>s: one group per gap, and [[k]] naming
    the right option's index."""
    options: list[str] = []
    right_option: dict[int, int] = {}
    gaps = len(_GAP_MARKER.findall(question.stem))
    for gap in range(1, gaps + 1):
        for answer in question.answers:
            if answer.gap == gap:
                options.append(
                    f"<selectoption>{_xml_text(answer.text)}"
                    f"<group>{gap}</group></selectoption>"
                )
                if answer.fraction == 100:
                    right_option[gap] = len(options)
    stem = _GAP_MARKER.sub(
        lambda match: f"[[{right_option[int(match.group(1))]}]]", question.stem
    )
    return stem, options


def _gapfill_stem(question: QuestionData) -> str:
    """The stem with each [[g]] written out as "[a|b]"."""
    if re.search(r"[\[\]]", _GAP_MARKER.sub("", question.stem)):
        raise _Invalid("the text has '[' or ']' outside the gaps")

    def write_gap(match: re.Match[str]) -> str:
        gap = int(match.group(1))
        texts = [answer.text for answer in question.answers if answer.gap == gap]
        for text in texts:
            if re.search(r"[|\[\]]", text):
                raise _Invalid(f"gap {gap}: {text!r} cannot hold '|', '[' or ']'")
        return "[" + "|".join(html.escape(text, quote=False) for text in texts) + "]"

    return _GAP_MARKER.sub(write_gap, question.stem)


def _question_xml(question: QuestionData) -> list[str]:
    """The <question> element for one valid question, as lines."""
    stem = question.stem
    parts: list[str] = []
    match question.type:
        case "single" | "multiple":
            moodle_type = "multichoice"
            single = "true" if question.type == "single" else "false"
            parts.append(f"<single>{single}</single>")
            parts += [_xml_answer(a, html_text=True) for a in question.answers]
        case "truefalse" | "ordering":
            moodle_type = question.type
            parts += [_xml_answer(a, html_text=False) for a in question.answers]
        case "shortanswer":
            moodle_type = "shortanswer"
            parts.append(f"<usecase>{_flag(question.case_sensitive)}</usecase>")
            parts.append(
                f"<ignoreaccents>{_flag(question.ignore_accents)}</ignoreaccents>"
            )
            parts += [_xml_answer(a, html_text=False) for a in question.answers]
        case "numerical":
            moodle_type = "numerical"
            parts += [
                _xml_answer(
                    answer,
                    html_text=False,
                    extra=f"<tolerance>{_format_decimal(answer.tolerance or Decimal(0))}"
                    "</tolerance>",
                )
                for answer in question.answers
            ]
        case "matching":
            moodle_type = "matching"
            parts += [
                f'<subquestion format="html">{_xml_html(answer.text)}'
                f"<answer>{_xml_text(answer.match)}</answer></subquestion>"
                for answer in question.answers
            ]
        case "gaps" if question.gap_mode == "select":
            moodle_type = "gapselect"
            stem, options = _gapselect_parts(question)
            parts += options
        case _:  # typed gaps, the only type left once validated
            moodle_type = "gapfill"
            stem = _gapfill_stem(question)
            parts.append("<delimitchars>[]</delimitchars>")
            parts.append(
                f"<casesensitive>{_flag(question.case_sensitive)}</casesensitive>"
            )
            parts.append(
                f"<ignoreaccents>{_flag(question.ignore_accents)}</ignoreaccents>"
            )
    return [
        f'  <question type="{moodle_type}">',
        f"    <name>{_xml_text(question.name)}</name>",
        f'    <questiontext format="html">{_xml_html(stem)}</questiontext>',
        f'    <generalfeedback format="html">{_xml_html(question.general_feedback)}'
        "</generalfeedback>",
        f"    <defaultgrade>{_format_decimal(question.default_mark)}</defaultgrade>",
        # Written for every type so that the flag survives a round trip.
        f"    <shuffleanswers>{_flag(question.shuffle_answers)}</shuffleanswers>",
        *(f"    {part}" for part in parts),
        "  </question>",
    ]


def export_moodle_xml(questions: list[QuestionData]) -> str:
    """Write `questions` as a Moodle XML quiz file (the subset in FORMAT.md).

    A category marker precedes each run of questions in the same category.
    Raises QuestionFormatError for a question that does not make sense or
    cannot be written (e.g. a typed gap answer containing "|").
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    category = ""
    for position, question in enumerate(questions, 1):
        if question.category != category:
            category = question.category
            path = f"$course$/top/{category}" if category else "$course$/top"
            lines += [
                '  <question type="category">',
                f"    <category>{_xml_text(path)}</category>",
                "  </question>",
            ]
        try:
            lines += _question_xml(_checked(question))
        except _Invalid as error:
            raise QuestionFormatError(
                str(error), question=_label(question.name, position)
            ) from None
    lines.append("</quiz>")
    return "\n".join(lines) + "\n"
