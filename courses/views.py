from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail import hooks

from lms.roles import NO_ROLES, request_roles

from .models import CourseIndexPage
from .selectors import dashboard_course_states


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """ "Mijn leertraject": every enrolment with its percentage and the next step.

    Apps above `courses` add panels through the `learner_dashboard_panels` hook: a
    function of the request returning a dict with `template` (and its context), or
    None. That way the coordination app shows assignments here without `courses`
    importing it.
    """
    panels = [fn(request) for fn in hooks.get_hooks("learner_dashboard_panels")]
    states = dashboard_course_states(request.user)
    return render(
        request,
        "courses/dashboard.html",
        {
            "states": states,
            "catalogue": CourseIndexPage.objects.live().first(),
            "panels": [panel for panel in panels if panel],
            # Without enrolments, a trainer, coordinator or editor sees the way to
            # their work rather than an empty page (the menu asks the same query).
            "work": NO_ROLES if states else request_roles(request),
        },
    )
