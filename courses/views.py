from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import CourseIndexPage
from .selectors import dashboard_course_states


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """ "Mijn leertraject": every enrolment with its percentage and the next step."""
    return render(
        request,
        "courses/dashboard.html",
        {
            "states": dashboard_course_states(request.user),
            "catalogue": CourseIndexPage.objects.live().first(),
        },
    )
