"""GIFT: the reader, following Moodle's own GIFT importer."""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from quizzes.formats.data import (
    AnswerData,
    ParseResult,
    QuestionData,
    QuestionFormatError,
    Unsupported,
    _category_path,
    _checked,
    _default_name,
    _format_decimal,
    _fraction,
    _Invalid,
    _label,
    _noted,
    _number,
    _text_to_html,
)

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
    """A GIFT text as HTML, as Moodle shows each format: [html] as it is, [moodle]
    (the default) HTML whose line breaks count, [plain] escaped, [markdown] converted.
    Whatever HTML comes out is sanitised when it is stored."""
    text_format, text = _split_format(raw.strip(), text_format)
    return _text_to_html(_restore(text).strip(), text_format)


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
        raise _Invalid(
            _("unexpected text '%(text)s' before the answers")
            % {"text": _gift_plain(parts[0])}
        )
    return list(zip(parts[1::2], parts[2::2], strict=True))


def _gift_answer(raw: str) -> tuple[Decimal | None, str, str]:
    """An answer's %weight% (None if absent), its text and its #feedback."""
    weight = None
    match = _GIFT_WEIGHT.match(raw)
    if match:
        weight = _fraction(_gift_plain(match.group(1)))
        raw = raw[match.end() :]
    text, _hash, feedback = raw.partition("#")
    if not text.strip():
        raise _Invalid(_("the answer block has an empty answer"))
    return weight, text, feedback


def _gift_choice(body: str, question: QuestionData, text_format: str) -> None:
    items = _gift_items(body, "=~")
    # As in Moodle: without an "=" answer the weights decide, so several
    # answers can be right.
    has_right = any(marker == "=" for marker, _text in items)
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
    for _marker, raw in _gift_items(body, "="):
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
    for _marker, raw in _gift_items(body, "="):
        left, arrow, right = raw.partition("->")
        if not arrow:
            raise _Invalid(
                _("matching pair '%(pair)s' has no '->'") % {"pair": _gift_plain(raw)}
            )
        question.answers.append(
            AnswerData(text=_gift_html(left, text_format), match=_gift_plain(right))
        )


def _gift_number(text: str) -> tuple[str, Decimal]:
    """The answer and tolerance of "3.14:0.01", "3.14" or a range "1..5"."""
    low, dots, high = text.partition("..")
    if dots:
        low_value, high_value = _number(low.strip()), _number(high.strip())
        if low_value > high_value:
            raise _Invalid(_("range %(range)s runs from high to low") % {"range": text})
        middle = (low_value + high_value) / 2
        return _format_decimal(middle), (high_value - low_value) / 2
    # The answer itself is checked with the rest of the question.
    value, colon, tolerance = text.partition(":")
    return value.strip(), _number(tolerance.strip()) if colon else Decimal(0)


def _gift_numerical(body: str, question: QuestionData, text_format: str) -> None:
    """Numbers as Moodle reads them: "=" before each answer (optional before the
    first: "{#3.14:0.01}"), and everything from the first "~" the feedback on any
    other number ("{#3:2~#Completely wrong}")."""
    question.type = "numerical"
    body, tilde, other = body.partition("~")
    items = body.split("=")
    if not items[0].strip():
        items.pop(0)
    if not items:
        raise _Invalid(_("the numerical answer is empty"))
    for raw in items:
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
    other_feedback = _gift_html(other.partition("#")[2], text_format) if tilde else ""
    if other_feedback:
        question.notes.append(
            _(
                "The feedback on any other number (“%(feedback)s”) was not kept: "
                "a numerical question has no such answer."
            )
            % {"feedback": other_feedback}
        )


def _gift_truefalse(
    match: re.Match[str], question: QuestionData, text_format: str
) -> None:
    question.type = "truefalse"
    is_true = match.group(1).upper() in ("T", "TRUE")
    # Moodle's convention: "{T#first#second}" shows the first feedback after a
    # wrong response and the second after a right one.
    wrong, _hash, right = (match.group(2) or "").partition("#")
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
        raise _Invalid(_("the answer block has no '=', '~' or '#' answers"))


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
                _("unclosed '::' title"), line=line, question=_label(name, position)
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
        raise error(_("unclosed '{'"))
    if opening == -1 or closing < opening:
        raise error(_("'}' without '{'"))
    after = text[closing + 1 :]
    if "{" in after or "}" in after:
        raise error(_("more than one answer block"))
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
        position=position,
    )
    try:
        _gift_answers(body, question, text_format)
        return _noted(_checked(question))
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
