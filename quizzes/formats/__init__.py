"""Read and write quiz questions as Moodle XML and GIFT.

Both formats are converted to and from one neutral representation
(`QuestionData` with its `AnswerData`), so the rest of the platform never
deals with file formats. The Moodle XML subset is specified in FORMAT.md next
to this package; GIFT follows Moodle's own GIFT importer.

This package uses nothing of Django but its translation: it turns text into
dataclasses and back (embedded files as bytes, in `QuestionData.files`) and says
what is wrong, or what it could not keep (`QuestionData.notes`), in the language
active when it runs, the importing user's. It needs no database; storing the files
as Wagtail images and documents is `quizzes.importing`'s work.
"""

from quizzes.formats.data import (
    QUESTION_TYPES,
    AnswerData,
    EmbeddedFile,
    ParseResult,
    QuestionData,
    QuestionFormatError,
    Unsupported,
    question_problem,
)
from quizzes.formats.gift import parse_gift
from quizzes.formats.moodle_xml import (
    PLUGINFILE,
    PLUGINFILE_REFERENCE,
    export_moodle_xml,
    parse_moodle_xml,
)

__all__ = [
    "PLUGINFILE",
    "PLUGINFILE_REFERENCE",
    "QUESTION_TYPES",
    "AnswerData",
    "EmbeddedFile",
    "ParseResult",
    "QuestionData",
    "QuestionFormatError",
    "Unsupported",
    "export_moodle_xml",
    "parse_gift",
    "parse_moodle_xml",
    "question_problem",
]
