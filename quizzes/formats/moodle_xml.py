"""Moodle XML: the reader and the writer of the subset specified in FORMAT.md.

Files embedded in a text (`<file name="a.png" path="/" encoding="base64">`, referred
to as `@@PLUGINFILE@@/a.png`) are read into `QuestionData.files` with the references
left in the HTML, and written back the same way: what they become on the platform is
the importer's business. Parts of a question the platform does not keep (hints, tags,
a penalty…) are listed in `QuestionData.notes`.
"""

import base64
import binascii
import html
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, unquote

from django.utils.translation import gettext as _

from quizzes.formats.data import (
    _GAP_MARKER,
    _QUESTION_START,
    _XML_ILLEGAL,
    AnswerData,
    EmbeddedFile,
    ParseResult,
    QuestionData,
    QuestionFormatError,
    Unsupported,
    _category_path,
    _checked,
    _format_decimal,
    _fraction,
    _html_to_plain,
    _Invalid,
    _is_blank_html,
    _label,
    _noted,
    _number,
    _text_to_html,
)

# Moodle XML's names of its text formats, as data._text_to_html knows them.
_TEXT_FORMATS = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "markdown": "markdown",
    "plain_text": "plain",
}
PLUGINFILE = "@@PLUGINFILE@@/"
# A reference to an embedded file in HTML, up to the quote or space that ends it.
PLUGINFILE_REFERENCE = re.compile(r"@@PLUGINFILE@@/([^\"'\s<>?#]+)")

# --- Moodle XML reader ------------------------------------------------------


class _TreeBuilder(ET.TreeBuilder):
    """Builds the element tree, refusing document type declarations.

    Quiz files never need a DTD, and entity declarations inside one are what
    entity-expansion attacks are made of; refusing them at the start of the
    declaration stops the parse before any entity is declared.
    """

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise QuestionFormatError(_("document type declarations are not allowed"))


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
        raise QuestionFormatError(
            _("malformed XML (%(problem)s)") % {"problem": message}, line=line
        ) from None
    if root.tag != "quiz":
        raise QuestionFormatError(
            _("the file holds <%(tag)s>, not <quiz>") % {"tag": root.tag}, line=1
        )
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


def _read_html(element: ET.Element | None, question: QuestionData) -> str:
    """A text field as HTML, its embedded files added to the question's; other
    formats (plain, Moodle auto) are converted."""
    text = _text_of(element)
    if element is None:
        return text
    text_format = _TEXT_FORMATS.get(element.get("format", "html"), "plain")
    return _read_files(element, _text_to_html(text, text_format), question)


def _read_files(element: ET.Element, text: str, question: QuestionData) -> str:
    """`text` with its references in one spelling, the files of `element` added to
    `question.files`. Moodle keeps files per text, so two texts may each hold their
    own "image.png": the second is renamed, in the files and in its text."""
    renamed: dict[str, str] = {}
    for file in element.findall("file"):
        folder = (file.get("path") or "/").strip("/")
        name = f"{folder}/{file.get('name', '')}".strip("/")
        if file.get("encoding", "base64") != "base64":
            raise _Invalid(
                _("the embedded file %(name)s is not in base64") % {"name": name}
            )
        try:
            content = base64.b64decode(
                "".join((file.text or "").split()), validate=True
            )
        except binascii.Error:
            raise _Invalid(
                _("the embedded file %(name)s is not valid base64") % {"name": name}
            ) from None
        stored = name
        stem, dot, extension = name.rpartition(".")
        number = 1
        while question.files.get(stored, content) != content:
            number += 1
            stored = f"{stem}-{number}{dot}{extension}" if dot else f"{name}-{number}"
        question.files[stored] = content
        renamed[name] = stored

    def spell(match: re.Match[str]) -> str:
        name = unquote(match.group(1))
        return PLUGINFILE + quote(renamed.get(name, name))

    return PLUGINFILE_REFERENCE.sub(spell, text)


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
            text=_read_html(answer, question),
            fraction=_read_fraction(answer),
            feedback=_read_html(answer.find("feedback"), question),
        )
        for answer in element.findall("answer")
    ]


def _read_truefalse(element: ET.Element, question: QuestionData) -> None:
    question.type = "truefalse"
    question.answers = [
        AnswerData(
            text=_read_plain(answer).lower(),
            fraction=_read_fraction(answer),
            feedback=_read_html(answer.find("feedback"), question),
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
            feedback=_read_html(answer.find("feedback"), question),
        )
        for answer in element.findall("answer")
    ]


def _read_numerical(element: ET.Element, question: QuestionData) -> None:
    question.type = "numerical"
    for answer in element.findall("answer"):
        text = _read_plain(answer)
        if text == "*":  # Moodle's "any other number", for its feedback
            question.notes.append(
                _(
                    "The answer “*” (any other number) was not kept: a numerical "
                    "question has no such answer."
                )
            )
            continue
        tolerance = (answer.findtext("tolerance") or "0").strip()
        question.answers.append(
            AnswerData(
                text=text,
                fraction=_read_fraction(answer),
                feedback=_read_html(answer.find("feedback"), question),
                tolerance=_number(tolerance),
            )
        )


def _read_matching(element: ET.Element, question: QuestionData) -> None:
    question.type = "matching"
    for subquestion in element.findall("subquestion"):
        left = _read_html(subquestion, question)
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
            text=_read_plain(answer),
            feedback=_read_html(answer.find("feedback"), question),
        )
        for answer in element.findall("answer")
    ]


def _renumber_gaps(stem: str, pattern: re.Pattern[str]) -> str:
    """Replace each match of `pattern` by [[1]], [[2]] … in order."""
    numbers = iter(range(1, len(pattern.findall(stem)) + 1))
    return pattern.sub(lambda _match: f"[[{next(numbers)}]]", stem)


def _read_gapselect(
    element: ET.Element, question: QuestionData, option_tag: str = "selectoption"
) -> None:
    question.type = "gaps"
    question.gap_mode = "select"
    options = [
        (_read_plain(option), (option.findtext("group") or "1").strip())
        for option in element.findall(option_tag)
    ]
    markers = [int(number) for number in _GAP_MARKER.findall(question.stem)]
    if markers and not options:
        raise _Invalid(_("the text has gaps but there are no options"))
    for gap, marker in enumerate(markers, 1):
        if not 1 <= marker <= len(options):
            raise _Invalid(
                _("gap [[%(marker)s]] points at a missing option") % {"marker": marker}
            )
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
        raise _Invalid(
            _("gap delimiters '%(delimiters)s' are not two characters")
            % {"delimiters": delimiters}
        )
    start, end = map(re.escape, delimiters)
    gap_pattern = re.compile(f"{start}([^{start}{end}]*){end}")
    for gap, content in enumerate(gap_pattern.findall(question.stem), 1):
        question.answers += [
            AnswerData(text=text, fraction=Decimal(100), gap=gap)
            for text in map(_html_to_plain, content.split("|"))
            if text
        ]
    question.stem = _renumber_gaps(question.stem, gap_pattern)


def _read_ddwtos(element: ET.Element, question: QuestionData) -> None:
    """Drag and drop into text: the same gaps as gapselect, with <dragbox>es."""
    _read_gapselect(element, question, "dragbox")
    question.notes.append(
        _("Learners choose each gap's word from a list instead of dragging it.")
    )


def _read_cloze(element: ET.Element, question: QuestionData) -> None:
    """Embedded answers: the sub-questions stay in the stem, in Moodle's syntax
    (quizzes.formats.cloze reads it)."""
    question.type = "cloze"


_MOODLE_READERS = {
    "multichoice": _read_multichoice,
    "truefalse": _read_truefalse,
    "shortanswer": _read_shortanswer,
    "numerical": _read_numerical,
    "matching": _read_matching,
    "ordering": _read_ordering,
    "gapselect": _read_gapselect,
    "gapfill": _read_gapfill,
    "ddwtos": _read_ddwtos,
    "cloze": _read_cloze,
}

# What the readers above take from a <question>, whatever its type.
_READ_PARTS = {
    "name", "questiontext", "generalfeedback", "defaultgrade", "shuffleanswers",
    "answer", "single", "usecase", "ignoreaccents", "subquestion", "selectoption",
    "delimitchars", "casesensitive", "image", "image_base64", "imagealt", "dragbox",
}  # fmt: skip
# How Moodle numbers and lays out answers, and unit settings without units: nothing
# a learner here would miss.
_LAYOUT_PARTS = {
    "answernumbering", "showstandardinstruction", "shownumcorrect", "layout",
    "unitgradingtype", "unitpenalty", "showunits", "unitsleft", "singleselection",
}  # fmt: skip


def _part_names() -> dict[str, str]:
    """The parts a note names in words; others are named by their tag."""
    return {
        "hint": _("hints"),
        "tags": _("tags"),
        "penalty": _("the penalty for each new try"),
        "hidden": _("being hidden"),
        "idnumber": _("the ID number"),
        "units": _("units"),
        "correctfeedback": _("the feedback for a right response"),
        "partiallycorrectfeedback": _("the feedback for a partly right response"),
        "incorrectfeedback": _("the feedback for a wrong response"),
    }


def _has_content(part: ET.Element) -> bool:
    text = "".join(part.itertext()).strip()
    if part.tag in ("penalty", "hidden"):
        # Moodle writes both for every question; only a value other than 0 matters.
        try:
            return Decimal(text) != 0
        except InvalidOperation:
            return bool(text)
    return bool(text)


def _note_unread_parts(element: ET.Element, question: QuestionData) -> None:
    """Note each part of the question with content that no reader took."""
    names = _part_names()
    unread = dict.fromkeys(
        part.tag
        for part in element
        if part.tag not in _READ_PARTS
        and part.tag not in _LAYOUT_PARTS
        and _has_content(part)
    )
    question.notes += [
        _("Not kept: %(part)s.") % {"part": names.get(tag, f"<{tag}>")}
        for tag in unread
    ]


def _read_image(element: ET.Element, question: QuestionData) -> None:
    """The old <image> tag: the question's own image, with its content in
    <image_base64> (and its description in the platform's <imagealt>)."""
    path = (element.findtext("image") or "").strip()
    content = "".join((element.findtext("image_base64") or "").split())
    if not path and not content:
        return
    name = path.rpartition("/")[2] or "image"
    if not content:
        question.notes.append(
            _("The image %(name)s was not kept: the file does not hold it.")
            % {"name": name}
        )
        return
    try:
        data = base64.b64decode(content, validate=True)
    except binascii.Error:
        raise _Invalid(
            _("the embedded file %(name)s is not valid base64") % {"name": name}
        ) from None
    question.image = EmbeddedFile(name=name, content=data)
    question.image_alt = (element.findtext("imagealt") or "").strip()
    if not question.image_alt:
        question.image_alt = question.name
        question.notes.append(
            _(
                "Describe the image %(name)s for learners who cannot see it: its "
                "description is now the question's name."
            )
            % {"name": name}
        )


def _read_question(
    element: ET.Element, reader_type: str, category: str, position: int
) -> QuestionData:
    question = QuestionData(
        type="",
        name=_text_of(element.find("name")),
        stem="",
        default_mark=_number((element.findtext("defaultgrade") or "1").strip()),
        category=category,
        position=position,
        shuffle_answers=_read_flag(element, "shuffleanswers", True),
    )
    question.stem = _read_html(element.find("questiontext"), question)
    question.general_feedback = _read_html(element.find("generalfeedback"), question)
    _MOODLE_READERS[reader_type](element, question)
    _read_image(element, question)
    _note_unread_parts(element, question)
    return _noted(_checked(question))


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
            result.questions.append(
                _read_question(element, question_type, category, position)
            )
        except _Invalid as error:
            raise QuestionFormatError(
                str(error), line=line, question=_label(name, position)
            ) from None
    return result


# --- Moodle XML writer ------------------------------------------------------


def _xml_text(text: str) -> str:
    """<text> with plain text, escaped."""
    return f"<text>{html.escape(_XML_ILLEGAL.sub('', text), quote=False)}</text>"


def _xml_html(text: str) -> str:
    """<text> with HTML in CDATA; a "]]>" inside is split over two sections."""
    content = _XML_ILLEGAL.sub("", text).replace("]]>", "]]]]><![CDATA[>")
    return f"<text><![CDATA[{content}]]></text>"


def _xml_files(text: str, files: dict[str, bytes]) -> str:
    """The <file> elements of the embedded files `text` refers to, each once."""
    names = dict.fromkeys(unquote(name) for name in PLUGINFILE_REFERENCE.findall(text))
    elements = []
    for name in names:
        if name not in files:
            continue
        folder, _slash, base = name.rpartition("/")
        path = f"/{folder}/" if folder else "/"
        content = base64.b64encode(files[name]).decode("ascii")
        elements.append(
            f'<file name="{html.escape(base)}" path="{html.escape(path)}" '
            f'encoding="base64">{content}</file>'
        )
    return "".join(elements)


def _xml_html_files(text: str, files: dict[str, bytes]) -> str:
    """<text> with HTML, followed by the files it refers to, as Moodle writes them."""
    return _xml_html(text) + _xml_files(text, files)


def _xml_answer(
    answer: AnswerData, files: dict[str, bytes], *, html_text: bool, extra: str = ""
) -> str:
    text = _xml_html_files(answer.text, files) if html_text else _xml_text(answer.text)
    text_format = "html" if html_text else "plain_text"
    feedback = _xml_html_files(answer.feedback, files)
    return (
        f'<answer fraction="{_format_decimal(answer.fraction)}" format="{text_format}">'
        f'{text}{extra}<feedback format="html">{feedback}</feedback></answer>'
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
        raise _Invalid(_("the text has '[' or ']' outside the gaps"))

    def write_gap(match: re.Match[str]) -> str:
        gap = int(match.group(1))
        texts = [answer.text for answer in question.answers if answer.gap == gap]
        for text in texts:
            if re.search(r"[|\[\]]", text):
                raise _Invalid(
                    _("gap %(gap)s: '%(text)s' cannot hold '|', '[' or ']'")
                    % {"gap": gap, "text": text}
                )
        return "[" + "|".join(html.escape(text, quote=False) for text in texts) + "]"

    return _GAP_MARKER.sub(write_gap, question.stem)


def _question_xml(question: QuestionData) -> list[str]:
    """The <question> element for one valid question, as lines."""
    stem = question.stem
    files = question.files
    parts: list[str] = []
    match question.type:
        case "single" | "multiple":
            moodle_type = "multichoice"
            single = "true" if question.type == "single" else "false"
            parts.append(f"<single>{single}</single>")
            parts += [_xml_answer(a, files, html_text=True) for a in question.answers]
        case "truefalse" | "ordering":
            moodle_type = question.type
            parts += [_xml_answer(a, files, html_text=False) for a in question.answers]
        case "shortanswer":
            moodle_type = "shortanswer"
            parts.append(f"<usecase>{_flag(question.case_sensitive)}</usecase>")
            parts.append(
                f"<ignoreaccents>{_flag(question.ignore_accents)}</ignoreaccents>"
            )
            parts += [_xml_answer(a, files, html_text=False) for a in question.answers]
        case "numerical":
            moodle_type = "numerical"
            parts += [
                _xml_answer(
                    answer,
                    files,
                    html_text=False,
                    extra=f"<tolerance>{_format_decimal(answer.tolerance or Decimal(0))}"
                    "</tolerance>",
                )
                for answer in question.answers
            ]
        case "matching":
            moodle_type = "matching"
            parts += [
                f'<subquestion format="html">{_xml_html_files(answer.text, files)}'
                f"<answer>{_xml_text(answer.match)}</answer></subquestion>"
                for answer in question.answers
            ]
        case "gaps" if question.gap_mode == "select":
            moodle_type = "gapselect"
            stem, options = _gapselect_parts(question)
            parts += options
        case "cloze":
            moodle_type = "cloze"
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
    if question.image:
        parts += [
            f"<image>{html.escape(question.image.name, quote=False)}</image>",
            "<image_base64>"
            f"{base64.b64encode(question.image.content).decode('ascii')}"
            "</image_base64>",
            f"<imagealt>{html.escape(question.image_alt, quote=False)}</imagealt>",
        ]
    general_feedback = _xml_html_files(question.general_feedback, files)
    return [
        f'  <question type="{moodle_type}">',
        f"    <name>{_xml_text(question.name)}</name>",
        f'    <questiontext format="html">{_xml_html_files(stem, files)}'
        "</questiontext>",
        f'    <generalfeedback format="html">{general_feedback}</generalfeedback>',
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
