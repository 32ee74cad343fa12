"""The learner's pages: the catalogue, a course, a module, a lesson, the dashboard.

Page routes and page contexts are registered with `lms.routing.page_view` (the page
models name them); what they change goes through `courses.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from courses.forms import CatalogueFilterForm
from courses.front_page import course_cards, learner_next_step
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.selectors import (
    LearnerStates,
    catalogue_courses,
    catalogue_page,
    course_of_module,
    enrolled_course_ids,
    first_open_section,
    is_enrolled,
    lesson_parents,
    lesson_viewer_state,
    module_state,
)
from courses.services import enrolment_create, enrolment_leave, section_read
from courses.translations import Translation
from languages.selectors import source_of, sources_of
from lms.roles import NO_ROLES, request_roles
from lms.routing import hook_context, page_view


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """ "Mijn leertraject": every enrolment with its percentage and the next step.

    Apps above `courses` add panels through the `learner_dashboard_panels` hook: a
    function of the request returning a dict with `template` (and its context), or
    None. That way the coordination app shows assignments here without `courses`
    importing it.
    """
    # First: the panels share the states of the courses they show (LearnerStates).
    states = LearnerStates.of_request(request).enrolled()
    shown = Translation.of([state.course for state in states], get_language())
    panels = [fn(request) for fn in hooks.get_hooks("learner_dashboard_panels")]
    return render(
        request,
        "courses/dashboard.html",
        {
            "states": [shown.course(state) for state in states],
            "catalogue": catalogue_page(),
            "panels": [panel for panel in panels if panel],
            # Without enrolments, a trainer, coordinator or editor sees the way to
            # their work rather than an empty page (the menu asks the same query).
            "work": NO_ROLES if states else request_roles(request),
        },
    )


@page_view("courses.catalogue")
def catalogue_context(request: HttpRequest, page: CourseIndexPage) -> dict:
    """Every published course, filtered by audience and level."""
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = catalogue_courses(
        page, audience=filters.get("audience"), level=filters.get("level")
    )
    enrolled = enrolled_course_ids(request.user)
    return {
        "filter_form": form,
        "courses": courses,
        # Enrolments are on the source courses; a translated catalogue lists theirs.
        "enrolled_ids": {
            pk for pk, source in sources_of(courses).items() if source in enrolled
        }
        if enrolled
        else set(),
    }


@page_view("courses.course")
def course_context(request: HttpRequest, page: CoursePage) -> dict:
    """The learner's state in the course, plus what apps above add through the
    `course_page_context` hook (the training app: kits and upcoming sessions). A
    translation shows the state of its source course (`courses.translations`), in
    the reader's language."""
    source = source_of(page)
    # Shared with the hooks (the webinars read the learner's progress from it).
    state = LearnerStates.of_request(request).states([source])[0]
    return {
        "state": Translation.of([source], get_language()).course(state),
        **hook_context("course_page_context", request, source),
    }


@page_view("courses.module")
def module_context(request: HttpRequest, page: ModulePage) -> dict:
    """The learner's state in the module, plus what apps above add through the
    `module_page_context` hook (the forums app: the module's forum)."""
    source = source_of(page)
    state = module_state(source, request.user)
    return {
        "state": Translation.of([course_of_module(source)], get_language()).module(
            state
        ),
        **hook_context("module_page_context", request, source),
    }


@page_view("courses.enrol")
@require_POST
def enrolment(request: HttpRequest, course: CoursePage, *, enrol: bool) -> HttpResponse:
    """Enrol in the course, or leave it."""
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    if enrol:
        enrolment_create(user=request.user, course=source_of(course))
        messages.success(
            request, _("You are enrolled in %(course)s.") % {"course": course.title}
        )
    else:
        enrolment_leave(user=request.user, course=source_of(course))
        messages.success(
            request,
            _("You have left %(course)s. Your progress is kept if you come back.")
            % {"course": course.title},
        )
    return redirect(course.get_url(request))


@page_view("courses.lesson_start")
def lesson_start(request: HttpRequest, lesson: LessonPage) -> HttpResponse:
    """Open the lesson where the learner stopped: the first section not yet seen."""
    if getattr(request, "is_preview", False):
        return lesson_section(request, lesson, 1)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    source = source_of(lesson)
    course, _module = lesson_parents(source)
    if not is_enrolled(request.user, course):
        return _not_enrolled(request, lesson)
    return redirect(
        lesson.section_url(first_open_section(source, request.user), request)
    )


@page_view("courses.lesson_section")
def lesson_section(
    request: HttpRequest, lesson: LessonPage, number: int
) -> HttpResponse:
    """Show one section; for a learner (not an editor's preview), reading it is
    recorded by `courses.services.section_read`, on the source lesson of a
    translation (`courses.translations`): the same section in any language."""
    preview = getattr(request, "is_preview", False)
    if not preview and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not 1 <= number <= len(lesson.section_ids):
        raise Http404
    if preview:
        course, module = lesson_parents(lesson)
        viewer = lesson_viewer_state(
            lesson, None, course=course, module=module, section_number=number,
            draft=True,
        )  # fmt: skip
    else:
        source = source_of(lesson)
        course, module = lesson_parents(source)
        if number > len(source.section_ids):
            raise Http404  # a section the source lesson does not (or no longer) have
        if not is_enrolled(request.user, course):
            return _not_enrolled(request, lesson)
        viewer = Translation.of([course], get_language()).viewer(
            section_read(
                user=request.user, lesson=source, number=number, course=course,
                module=module,
            )
        )  # fmt: skip
    context = lesson.get_context(request)
    context["viewer"] = viewer
    return TemplateResponse(request, lesson.get_template(request), context)


@page_view("courses.course_cards")
def course_cards_context(chosen: list[CoursePage] | None) -> dict:
    """The home page's course cards (`chosen`, or every course when None)."""
    return {
        "cards": course_cards(chosen),
        "catalogue": catalogue_page(),
    }


@page_view("courses.next_step")
def next_step_context(user) -> dict:
    """The home page's "continue learning" for `user`."""
    return {"learner": learner_next_step(user)}


def _not_enrolled(request: HttpRequest, lesson: LessonPage) -> HttpResponse:
    """Back to the course of `lesson`, in the lesson's language."""
    messages.info(request, _("Enrol in the course first to follow its lessons."))
    return redirect(lesson.get_parent().get_parent().get_url(request))
