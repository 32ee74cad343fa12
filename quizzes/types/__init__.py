"""The question types: one module each, holding how the type is drawn, shown (its
template, `templates/components/quiz/types/<name>.html`), read from a form, graded,
answered right and put in words. Adding a type is a module here, its template, and
its place in `quizzes.models.QuestionType` (and in the formats that can carry it)."""

from . import (
    cloze,
    gaps,
    matching,
    multiple,
    numerical,
    ordering,
    shortanswer,
    single,
    truefalse,
)
from .base import InvalidResponse, QuestionType

TYPES: dict[str, QuestionType] = {
    module.TYPE.name: module.TYPE
    for module in (
        single, multiple, truefalse, matching, ordering, shortanswer, numerical, gaps,
        cloze,
    )
}  # fmt: skip

__all__ = ["TYPES", "InvalidResponse", "QuestionType"]
