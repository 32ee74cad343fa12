"""The Wagtail admin of courses: digital services; and who may view course pages, for
the documents they use."""

from django.db.models import Model
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import (
    CourseIndexPage,
    CoursePage,
    DigitalService,
    LessonPage,
    ModulePage,
)
from courses.selectors import enrolled_in_their_course
from home.selectors import ViewerRule, everyone


class DigitalServiceViewSet(SnippetViewSet):
    model = DigitalService
    icon = "site"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "website"]
    search_fields = ["name"]


register_snippet(DigitalServiceViewSet)


@hooks.register("register_viewer_rules")
def course_page_viewers() -> dict[type[Model], ViewerRule]:
    """Who may download the documents course pages use: the course's learners for
    its content (tests and kits have their own rules in their apps)."""
    return {
        # The catalogue and course pages are public: so is what they link to.
        CourseIndexPage: everyone,
        CoursePage: everyone,
        ModulePage: enrolled_in_their_course,
        LessonPage: enrolled_in_their_course,
    }
