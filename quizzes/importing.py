"""Importing questions into a bank (Moodle XML, GIFT) and exporting a bank to Moodle XML.

All or nothing: a file with a malformed question, or with an unsupported question the
user did not agree to skip, writes nothing, not even its embedded files. HTML from files
is sanitised before it is stored, because question texts are shown to learners as they
are. Embedded files become Wagtail images and documents (`quizzes.question_files`).
Whatever the platform does not keep is listed per question in the report, never lost
without a word.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nh3
from django.db import transaction
from django.utils.translation import gettext as _

from languages.selectors import in_source_language
from quizzes.formats import (
    AnswerData,
    ParseResult,
    QuestionData,
    QuestionFormatError,
    Unsupported,
    export_moodle_xml,
    parse_gift,
    parse_moodle_xml,
)
from quizzes.formats.cloze import cloze_problem
from quizzes.models import Answer, Question, QuestionBank, QuestionCategory
from quizzes.question_files import (
    QuestionFiles,
    StoredFiles,
    exported_image,
    exported_text,
    question_image,
    rich_text,
    unused_files,
    without_files,
)

FORMATS = {"moodlexml": "Moodle XML", "gift": "GIFT"}
HTML_ANSWER_TYPES = {"single", "multiple", "matching"}
# Moodle banks carry their images inside the file (in base64, a third larger).
MAX_FILE_MB = 20
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
HTML_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "ul", "ol", "li",
    "a", "h3", "h4", "code", "span", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


# What a stem or general feedback may hold until its files are stored and referred to
# in Wagtail's own forms (quizzes.question_files.rich_text).
MEDIA_ATTRIBUTES = {
    "img": {"src", "alt"},
    "audio": {"src"},
    "video": {"src"},
    "source": {"src"},
}


def clean_html(html: str, *, media: bool = False) -> str:
    """Sanitised HTML; with `media`, images, sounds and films (their sources) stay."""
    return nh3.clean(
        html or "",
        tags=(HTML_TAGS | set(MEDIA_ATTRIBUTES)) if media else HTML_TAGS,
        attributes={"a": {"href"}, **(MEDIA_ATTRIBUTES if media else {})},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def too_large() -> str:
    return _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_MB}


class ImportRefused(Exception):
    """Nothing was imported; `problems` lists why, one sentence each (translated)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    bank: QuestionBank
    imported: int
    skipped: list[Unsupported] = field(default_factory=list)
    notes: list[tuple[str, list[str]]] = field(default_factory=list)
    """What was not kept, per question: its label and one sentence per thing."""


def question_label(data: QuestionData) -> str:
    """How the report names a question: its position in the file and its name."""
    return _("Question %(position)s (“%(name)s”)") % {
        "position": data.position,
        "name": data.name,
    }


def describe_unsupported(item: Unsupported) -> str:
    return _(
        "Question %(position)s (“%(name)s”) is of type “%(type)s”, which is not supported."
    ) % {"position": item.position, "name": item.name, "type": item.type}


def parse_questions(data: bytes, file_format: str) -> ParseResult:
    """Parse a file, turning every kind of bad input into ImportRefused."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused([too_large()])
    try:
        if file_format == "gift":
            return parse_gift(data.decode("utf-8-sig"))
        if file_format == "moodlexml":
            return parse_moodle_xml(data)
    except UnicodeDecodeError:
        raise ImportRefused([_("The file is not UTF-8 text.")]) from None
    except QuestionFormatError as error:
        raise ImportRefused(
            [_("The file could not be read: %(error)s") % {"error": error}]
        ) from None
    raise ImportRefused([_("Unknown format “%(format)s”.") % {"format": file_format}])


def _store(
    bank: QuestionBank,
    data: QuestionData,
    categories: dict,
    files: QuestionFiles,
    stored: StoredFiles,
) -> Question:
    category = None
    if data.category:
        if data.category not in categories:
            categories[data.category], _created = (
                QuestionCategory.objects.get_or_create(
                    bank=bank, name=data.category[:200]
                )
            )
        category = categories[data.category]
    stem = rich_text(clean_html(data.stem, media=True), files, stored)
    # The file's cloze text was checked as written; sanitising it and leaving out
    # what cannot be kept (an image from another site that was a whole choice) may
    # break it, and a cloze that does not parse breaks every attempt drawing it.
    if data.type == "cloze" and (problem := cloze_problem(stem)):
        raise ImportRefused(
            [
                _("%(question)s: %(problem)s once what cannot be kept is left out.")
                % {"question": question_label(data), "problem": problem}
            ]
        )
    question = Question.objects.create(
        bank=bank,
        category=category,
        type=data.type,
        name=data.name[:255],
        stem=stem,
        general_feedback=rich_text(
            clean_html(data.general_feedback, media=True), files, stored
        ),
        image=question_image(data.position, data.image, data.notes, stored)
        if data.image
        else None,
        image_alt=data.image_alt[:250],
        default_mark=data.default_mark,
        shuffle_answers=data.shuffle_answers,
        case_sensitive=data.case_sensitive,
        ignore_accents=data.ignore_accents,
        gap_mode=data.gap_mode,
    )
    # Choice texts are HTML; typed answers, items and gap words are plain text, which
    # templates escape, and must stay as typed ("a < b" is a valid short answer).
    html_answers = data.type in HTML_ANSWER_TYPES
    answers = []
    for order, answer in enumerate(data.answers):
        where = _("answer %(number)s") % {"number": order + 1}
        text = without_files(answer.text, files, where)
        answers.append(
            Answer(
                question=question,
                locale_id=question.locale_id,  # bulk_create skips Wagtail's default
                sort_order=order,
                text=clean_html(text) if html_answers else text,
                fraction=answer.fraction,
                feedback=clean_html(without_files(answer.feedback, files, where)),
                match=answer.match[:255],
                tolerance=answer.tolerance,
                gap=answer.gap,
            )
        )
    Answer.objects.bulk_create(answers)
    unused_files(files)
    return question


def questions_import(
    *, bank_name: str, data: bytes, file_format: str, skip_unsupported: bool = False
) -> ImportReport:
    """Import every question of a file into the bank `bank_name` (made if missing)."""
    result = parse_questions(data, file_format)
    if result.unsupported and not skip_unsupported:
        raise ImportRefused(
            [describe_unsupported(item) for item in result.unsupported]
            + [
                _(
                    "Nothing was imported. Remove these questions or choose to skip them."
                )
            ]
        )
    if not result.questions:
        raise ImportRefused([_("The file holds no question that can be imported.")])
    # Every embedded file is checked before anything is written.
    files = [
        QuestionFiles(question.position, question.files, question.notes)
        for question in result.questions
    ]
    for question_files in files:
        question_files.check()
    stored = StoredFiles()
    try:
        with transaction.atomic():
            bank, _created = QuestionBank.objects.get_or_create(
                name=bank_name.strip()[:120]
            )
            categories: dict[str, QuestionCategory] = {}
            for question, question_files in zip(result.questions, files, strict=True):
                _store(bank, question, categories, question_files, stored)
    except BaseException:
        # The rows went with the transaction; the files on storage must go too.
        stored.remove()
        raise
    return ImportReport(
        bank=bank,
        imported=len(result.questions),
        skipped=result.unsupported,
        notes=[
            (question_label(question), list(dict.fromkeys(question.notes)))
            for question in result.questions
            if question.notes
        ],
    )


def question_data(question: Question) -> QuestionData:
    """A stored question in the neutral form the file formats read and write, its
    images and documents as embedded files."""
    files: dict[str, bytes] = {}
    return QuestionData(
        type=question.type,
        name=question.name,
        stem=exported_text(question.stem, files),
        general_feedback=exported_text(question.general_feedback, files),
        files=files,
        image=exported_image(question.image),
        image_alt=question.image_alt,
        default_mark=question.default_mark.normalize(),
        category=question.category.name if question.category else "",
        case_sensitive=question.case_sensitive,
        ignore_accents=question.ignore_accents,
        gap_mode=question.gap_mode,
        shuffle_answers=question.shuffle_answers,
        answers=[
            AnswerData(
                text=answer.text,
                fraction=answer.fraction.normalize(),
                feedback=answer.feedback,
                match=answer.match,
                tolerance=None
                if answer.tolerance is None
                else answer.tolerance.normalize(),
                gap=answer.gap,
            )
            for answer in question.answers.all()
        ],
    )


def bank_export(bank: QuestionBank) -> str:
    """The whole bank as Moodle XML, in category order.

    Raises QuestionFormatError naming a question that cannot be written (an editor
    saved one that makes no sense, e.g. a single choice without a right answer).
    """
    questions = (
        in_source_language(Question.objects.filter(bank=bank))
        .select_related("category", "image")
        .prefetch_related("answers")
        .order_by("category__name", "pk")
    )
    return export_moodle_xml([question_data(q) for q in questions])
