"""The page tree holds its shape: catalogue → course → module → lesson, nothing else."""

import pytest

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("child", "allowed_parents"),
    [
        (CourseIndexPage, {HomePage}),
        (CoursePage, {CourseIndexPage}),
        (ModulePage, {CoursePage}),
        (LessonPage, {ModulePage}),
        (StandardPage, {HomePage, StandardPage}),
    ],
)
def test_each_page_type_lives_only_under_its_parent(child, allowed_parents):
    every_type = {
        HomePage,
        StandardPage,
        CourseIndexPage,
        CoursePage,
        ModulePage,
        LessonPage,
    }
    allowed = {
        parent for parent in every_type if child in parent.allowed_subpage_models()
    }
    assert allowed == allowed_parents


def test_a_lesson_has_no_children():
    assert LessonPage.allowed_subpage_models() == []


def test_there_is_one_catalogue():
    assert CourseIndexPage.max_count == 1
