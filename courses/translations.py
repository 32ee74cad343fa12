"""A learner's states shown in the language of the page they read.

Every fact (enrolment, sections read, attempts, completions) is kept on the source
pages (Dutch, `LANGUAGE_CODE`), so a learner has one progress whatever language they
read in: states are computed on the source course's structure, then shown with the
pages of the reader's language (their titles, URLs and section titles). A page not
translated yet is shown as it is, linked under the reader's language
(`lms.routing.LanguageFallbackURL`): the reader stays in their language and sees it
with the "not translated yet" notice. Translations made with wagtail-localize keep the
sections' ids, so a section read in one language is read in all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Q
from wagtail.models import Page

from courses import completion
from courses.models import CoursePage, LessonPage, ModulePage
from courses.selectors import CourseStructure, outline_of
from courses.states import (
    CourseState,
    LessonState,
    LessonTally,
    LessonViewerState,
    ModuleState,
)
from lms.content_cache import CONTENT


@dataclass
class Translation:
    """The live translations, in one language, of the pages of some courses."""

    language: str
    pages: dict[int, Page]  # source page id → its translation
    titles: dict[int, dict[str, str]]  # source lesson id → section id → title

    @classmethod
    def of(cls, courses: Sequence[CoursePage], language: str) -> Translation:
        """From the cache (one round trip), built for the courses it lacks in at most
        five queries, whatever their number."""
        if language == settings.LANGUAGE_CODE or not courses:
            return cls(language=language, pages={}, titles={})
        keys = {course.path: _key(course.path, language) for course in courses}
        parts = CONTENT.get_many(
            list(keys.values()),
            lambda missing: _build(
                [c for c in courses if keys[c.path] in missing], language
            ),
        )
        whole = cls(language=language, pages={}, titles={})
        for part in parts.values():
            whole.pages |= part.pages
            whole.titles |= part.titles
        return whole

    def page(self, page: Page | None) -> Page | None:
        if page is None or self.language == settings.LANGUAGE_CODE:
            return page
        if translated := self.pages.get(page.pk):
            return translated
        fallback = copy(page)
        fallback.shown_in_language = self.language
        return fallback

    def lesson(self, state: LessonState | LessonTally) -> LessonState | LessonTally:
        lesson = self.page(state.lesson)
        if lesson is state.lesson:
            return state
        if isinstance(state, LessonTally):
            return replace(state, lesson=lesson)
        titles = self.titles.get(state.lesson.pk, {})
        outline = [
            replace(
                section,
                title=titles.get(section.id, section.title),
                blank=replace(
                    section.blank, title=titles.get(section.id, section.title)
                ),
            )
            for section in state.outline
        ]
        return replace(state, lesson=lesson, outline=outline)

    def module(self, state: ModuleState) -> ModuleState:
        return replace(
            state,
            module=self.page(state.module),
            lessons=[self.lesson(lesson) for lesson in state.lessons],
            test=self.page(state.test),
        )

    def course(self, state: CourseState) -> CourseState:
        return replace(
            state,
            course=self.page(state.course),
            modules=[self.module(module) for module in state.modules],
            final_test=self.page(state.final_test),
        )

    def viewer(self, state: LessonViewerState) -> LessonViewerState:
        module = self.module(state.module)
        lesson = module.lessons[state.module.lessons.index(state.lesson)]
        return replace(
            state,
            course=self.page(state.course),
            module=module,
            lesson=lesson,
            current=lesson.sections[state.current.number - 1],
        )


def _key(course_path: str, language: str) -> str:
    return f"course-translation:{language}:{course_path}"


def _build(courses: Sequence[CoursePage], language: str) -> dict[str, Translation]:
    parts = {}
    structure = CourseStructure.of(courses)
    for course in courses:
        pages = [
            page
            for page in (
                course,
                *structure.modules,
                *structure.lessons,
                *structure.tests,
            )
            if page.path.startswith(course.path)
        ]
        parts[_key(course.path, language)] = _translations(pages, language)
    return parts


def _translations(pages: Sequence[Page], language: str) -> Translation:
    sources = {page.translation_key: page.pk for page in pages}
    translated = Q(translation_key__in=sources, locale__language_code=language)
    models = [CoursePage, ModulePage, LessonPage]
    if tests := completion.tests():
        models.append(tests.page_model)
    found: dict[int, Page] = {}
    for model in models:
        query = model.objects.live().filter(translated)
        if model is LessonPage:
            query = query.defer_streamfields()
        elif model is ModulePage:
            query = query.select_related("app_focus")
        found |= {sources[page.translation_key]: page for page in query}
    bodies = (
        LessonPage.objects.live()
        .filter(translated)
        .values_list("translation_key", "body")
    )
    titles = {
        sources[key]: {
            section.id: section.title for section in outline_of(body.raw_data)
        }
        for key, body in bodies
    }
    return Translation(language=language, pages=found, titles=titles)
