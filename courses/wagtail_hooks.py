"""The Wagtail admin: digital services, question banks, forums and moderation, kits
and sessions; and who may view course pages, for the documents they use."""

from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Model, QuerySet
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.selectors import ViewerRule, everyone
from lms.admin_menu import PermissionMenuItem
from lms.models import User

from .forums import admin_views as forum_admin_views
from .h5p import admin_views as h5p_admin_views
from .kits import admin_views as kit_admin_views
from .kits.selectors import kit_may_open_any
from .models import (
    CourseIndexPage,
    CoursePage,
    DigitalService,
    Forum,
    H5PActivity,
    LessonPage,
    ModulePage,
    Question,
    QuestionBank,
    QuestionCategory,
    TestPage,
    TrainerKitPage,
    TrainingRequest,
    TrainingSession,
)
from .quizzes import admin_views
from .selectors import enrolled_course_ids


class DigitalServiceViewSet(SnippetViewSet):
    model = DigitalService
    icon = "site"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "website"]
    search_fields = ["name"]


register_snippet(DigitalServiceViewSet)


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    list_display = ["name"]
    search_fields = ["name"]


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder"
    list_display = ["name", "bank"]
    list_filter = ["bank"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["name", "type", "category", "updated_at"]
    list_filter = ["bank", "type", "category"]
    search_fields = ["name", "stem"]


class QuestionsGroup(SnippetViewSetGroup):
    menu_label = _("Question banks")
    menu_icon = "help"
    menu_order = 320
    items = (QuestionViewSet, QuestionCategoryViewSet, QuestionBankViewSet)


register_snippet(QuestionsGroup)


@hooks.register("register_admin_urls")
def question_admin_urls():
    return [
        path(
            "questions/import/",
            admin_views.question_import,
            name="courses_question_import",
        ),
        path(
            "tests/<int:pk>/report/",
            admin_views.report_view,
            name="courses_test_report",
        ),
        path(
            "questions/bank/<int:pk>/export/",
            admin_views.bank_export_view,
            name="courses_bank_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def question_import_menu_item():
    return PermissionMenuItem(
        _("Import questions"),
        reverse("courses_question_import"),
        icon_name="upload",
        order=321,
        permission="courses.add_question",
    )


@hooks.register("register_page_listing_more_buttons")
def test_report_button(page, user, next_url=None):
    if page.specific_class is TestPage:
        yield Button(
            _("Report"),
            reverse("courses_test_report", args=[page.pk]),
            icon_name="table",
            priority=5,
        )


class ForumViewSet(SnippetViewSet):
    """Community forums are made here; module forums appear with their module."""

    model = Forum
    icon = "group"
    menu_label = _("Forums")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["title", "audience", "course", "module"]
    list_filter = ["audience"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("audience"),
        FieldPanel("organisation"),
        FieldPanel("course"),
        FieldPanel("position"),
    ]


register_snippet(ForumViewSet)


@hooks.register("register_admin_urls")
def forum_admin_urls():
    return [
        path(
            "forum-moderation/",
            forum_admin_views.moderation_queue,
            name="courses_moderation_queue",
        ),
        path(
            "forum-moderation/<int:pk>/",
            forum_admin_views.moderation_decide,
            name="courses_moderation_decide",
        ),
        path(
            "forum-moderation/log/",
            forum_admin_views.moderation_log,
            name="courses_moderation_log",
        ),
    ]


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return PermissionMenuItem(
        _("Forum moderation"),
        reverse("courses_moderation_queue"),
        icon_name="warning",
        order=331,
        permission=forum_admin_views.PERMISSION,
    )


@hooks.register("register_permissions")
def forum_permissions():
    # Shown in the group editor, so an admin can make a group of moderators, and
    # give the right to upload H5P packages (JavaScript) to a few trusted editors.
    return Permission.objects.filter(
        content_type__app_label="courses", codename__in=["moderate_forum", "upload_h5p"]
    )


def _enrolled_in_their_course(
    user: User | AnonymousUser, pages: QuerySet[Page]
) -> bool:
    """Modules, lessons and tests are for the learners enrolled in their course, as
    the lesson pages themselves require: three queries at most."""
    enrolled = enrolled_course_ids(user)
    if not enrolled:
        return False
    courses = tuple(
        CoursePage.objects.filter(pk__in=enrolled).values_list("path", flat=True)
    )
    return any(
        path.startswith(courses) for path in pages.values_list("path", flat=True)
    )


@hooks.register("register_viewer_rules")
def course_page_viewers() -> dict[type[Model], ViewerRule]:
    """Who may download the documents course pages use: the course's learners for
    its content, whoever may open the kit for a kit's materials."""
    return {
        # The catalogue and course pages are public: so is what they link to.
        CourseIndexPage: everyone,
        CoursePage: everyone,
        ModulePage: _enrolled_in_their_course,
        LessonPage: _enrolled_in_their_course,
        TestPage: _enrolled_in_their_course,
        TrainerKitPage: kit_may_open_any,
    }


@hooks.register("register_admin_urls")
def kit_admin_urls():
    return [
        path(
            "kits/<int:pk>/downloads/",
            kit_admin_views.kit_downloads,
            name="courses_kit_downloads",
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def kit_downloads_button(page, user, next_url=None):
    if page.specific_class is TrainerKitPage:
        yield Button(
            _("Downloads"),
            reverse("courses_kit_downloads", args=[page.pk]),
            icon_name="download",
            priority=5,
        )


class TrainingSessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = _("Training sessions")
    list_display = ["title", "kind", "starts_at", "status", "capacity", "minimum"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


class TrainingRequestViewSet(SnippetViewSet):
    model = TrainingRequest
    icon = "mail"
    menu_label = _("Training requests")
    list_display = ["organisation", "participants", "earliest", "latest", "handled"]
    list_filter = ["handled"]


class SessionsGroup(SnippetViewSetGroup):
    menu_label = _("Sessions")
    menu_icon = "date"
    menu_order = 340
    items = (TrainingSessionViewSet, TrainingRequestViewSet)


register_snippet(SessionsGroup)


@hooks.register("register_admin_urls")
def h5p_admin_urls():
    return [
        path("h5p/", h5p_admin_views.package_list, name="courses_h5p_packages"),
        path("h5p/upload/", h5p_admin_views.package_upload, name="courses_h5p_upload"),
    ]


@hooks.register("register_admin_menu_item")
def h5p_menu_item():
    return PermissionMenuItem(
        _("H5P packages"),
        reverse("courses_h5p_packages"),
        icon_name="code",
        order=325,
        permission=h5p_admin_views.PERMISSION,
    )


class H5PActivityViewSet(SnippetViewSet):
    """Editors place a ready package in lessons as an activity (lesson block "H5P")."""

    model = H5PActivity
    icon = "code"
    menu_label = _("H5P activities")
    menu_order = 326
    add_to_admin_menu = True
    list_display = ["title", "package", "must_complete", "pass_required"]
    search_fields = ["title"]


register_snippet(H5PActivityViewSet)
