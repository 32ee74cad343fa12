"""Read and write quiz questions as Moodle XML and GIFT.

Both formats are converted to and from one neutral representation
(`QuestionData` with its `AnswerData`), so the rest of the platform never
deals with file formats. The Moodle XML subset is specified in FORMAT.md next
to this package; GIFT follows Moodle's own GIFT importer.

This package is deliberately free of Django: it only turns text into
dataclasses and back, which keeps it testable without a database.
"""

from quizzes.formats.data import (
    QUESTION_TYPES,
    AnswerData,
    ParseResult,
    QuestionData,
    QuestionFormatError,
    Unsupported,
    question_problem,
)
from quizzes.formats.gift import parse_gift
from quizzes.formats.moodle_xml import export_moodle_xml, parse_moodle_xml

__all__ = [
    "QUESTION_TYPES",
    "AnswerData",
    "ParseResult",
    "QuestionData",
    "QuestionFormatError",
    "Unsupported",
    "export_moodle_xml",
    "parse_gift",
    "parse_moodle_xml",
    "question_problem",
]
