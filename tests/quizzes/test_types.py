"""The question types are one registry: each type the model offers has its module in
`quizzes.types` and its template, and the formats know the same types."""

from pathlib import Path

from django.conf import settings

from quizzes.formats import QUESTION_TYPES
from quizzes.models import QuestionType
from quizzes.types import TYPES


def test_every_question_type_of_the_model_has_its_module():
    assert set(TYPES) == set(QuestionType.values)


def test_the_formats_read_and_write_the_same_types():
    assert set(QUESTION_TYPES) == set(TYPES)


def test_every_type_has_its_template():
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    for question_type in TYPES.values():
        assert any((folder / question_type.template).is_file() for folder in folders), (
            question_type.name
        )
