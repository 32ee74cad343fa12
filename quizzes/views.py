"""The learner's side of a test: overview, taking an attempt, autosave and the result.

Reached through `TestPage`'s routes. Every attempt is looked up together with the
logged-in user, so somebody else's attempt id answers 404.
"""

from __future__ import annotations

import random

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model

from courses.selectors import course_of_test, is_enrolled
from languages.selectors import source_of
from lms.routing import page_view
from quizzes.drawing import (
    InvalidResponse,
    draw_question,
    public_question,
    response_from_post,
    review_question,
)
from quizzes.grading import Response
from quizzes.models import Attempt, Question, TestPage
from quizzes.selectors import learner_test_state
from quizzes.services import (
    AttemptRefused,
    attempt_close_if_overdue,
    attempt_save,
    attempt_start,
    attempt_submit,
)


def _gate(request: HttpRequest, test: TestPage) -> HttpResponse | None:
    """Login and enrolment, as for lessons; None when the learner may go on."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = course_of_test(test)
    if not is_enrolled(request.user, source_of(course)):
        messages.info(request, _("Enrol in the course first to take its tests."))
        return redirect(course.get_url(request))
    return None


def _url(test: TestPage, request: HttpRequest, name: str, **kwargs) -> str:
    return test.get_url(request) + test.reverse_subpage(name, kwargs=kwargs)


def _attempt(request: HttpRequest, test: TestPage, attempt_id: int) -> Attempt:
    """The learner's own attempt (404 for anyone else's), graded first if its time ran
    out while nobody was looking. Attempts belong to the source test: a translation
    shows the same attempts."""
    attempt = get_object_or_404(
        Attempt, pk=attempt_id, test=source_of(test), user=request.user
    )
    return attempt_close_if_overdue(attempt)


def _responses(attempt: Attempt, request: HttpRequest) -> dict[str, Response | None]:
    return {
        str(question["slot"]): response_from_post(question, request.POST)
        for question in attempt.draw
    }


@page_view("quizzes.overview")
def test_overview(request: HttpRequest, test: TestPage) -> HttpResponse:
    if refused := _gate(request, test):
        return refused
    context = test.get_context(request)
    context["state"] = learner_test_state(source_of(test), request.user)
    return TemplateResponse(request, "quizzes/test_page.html", context)


@page_view("quizzes.start")
@require_POST
def attempt_start_view(request: HttpRequest, test: TestPage) -> HttpResponse:
    if refused := _gate(request, test):
        return refused
    try:
        attempt = attempt_start(
            user=request.user, test=source_of(test), language=get_language()
        )
    except AttemptRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(test.get_url(request))
    return redirect(_url(test, request, "attempt", attempt_id=attempt.pk))


@page_view("quizzes.attempt")
def attempt_view(request: HttpRequest, test: TestPage, attempt_id: int) -> HttpResponse:
    if refused := _gate(request, test):
        return refused
    attempt = _attempt(request, test, attempt_id)
    if not attempt.is_open:
        return redirect(_url(test, request, "result", attempt_id=attempt.pk))
    if request.method == "POST":
        try:
            responses = _responses(attempt, request)
        except InvalidResponse:
            return _bad_request(request)
        try:
            if "submit" in request.POST:
                attempt_submit(attempt=attempt, responses=responses)
                return redirect(_url(test, request, "result", attempt_id=attempt.pk))
            attempt_save(attempt=attempt, responses=responses)
            messages.success(request, _("Your answers are saved."))
        except AttemptRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(_url(test, request, "result", attempt_id=attempt.pk))
        return redirect(_url(test, request, "attempt", attempt_id=attempt.pk))
    questions = _with_images(
        [
            {
                **public_question(q),
                "response": attempt.responses.get(str(q["slot"])) or {},
            }
            for q in attempt.draw
        ]
    )
    context = test.get_context(request)
    context.update(
        attempt=attempt,
        questions=questions,
        autosave_url=_url(test, request, "autosave", attempt_id=attempt.pk),
        seconds_left=(
            max(0, int((attempt.deadline - timezone.now()).total_seconds()))
            if attempt.deadline
            else None
        ),
    )
    return TemplateResponse(request, "quizzes/attempt.html", context)


@page_view("quizzes.autosave")
@require_POST
def attempt_autosave_view(
    request: HttpRequest, test: TestPage, attempt_id: int
) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login"}, status=403)
    attempt = _attempt(request, test, attempt_id)
    try:
        attempt_save(attempt=attempt, responses=_responses(attempt, request))
    except InvalidResponse:
        return JsonResponse({"error": _("That answer was not offered.")}, status=400)
    except AttemptRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=409)
    saved_at = timezone.localtime().strftime("%H:%M:%S")
    return JsonResponse(
        {"saved": True, "message": _("Saved at %(time)s") % {"time": saved_at}}
    )


@page_view("quizzes.result")
def attempt_result_view(
    request: HttpRequest, test: TestPage, attempt_id: int
) -> HttpResponse:
    if refused := _gate(request, test):
        return refused
    attempt = _attempt(request, test, attempt_id)
    if attempt.is_open:
        return redirect(_url(test, request, "attempt", attempt_id=attempt.pk))
    state = learner_test_state(source_of(test), request.user)
    policy = test.review_policy(closed=state.closed)
    review = _with_images(
        [
            review_question(q, attempt.responses.get(str(q["slot"])), policy)
            for q in attempt.draw
        ]
    )
    context = test.get_context(request)
    context.update(attempt=attempt, state=state, policy=policy, review=review)
    return TemplateResponse(request, "quizzes/attempt_result.html", context)


def _with_images(questions: list[dict]) -> list[dict]:
    """Attach the questions' images in one query (with their renditions) instead of one
    per question."""
    ids = {q["image_id"] for q in questions if q.get("image_id")}
    images = (
        get_image_model().objects.prefetch_renditions("max-800x600").in_bulk(ids)
        if ids
        else {}
    )
    for question in questions:
        question["image"] = images.get(question.get("image_id"))
    return questions


def _bad_request(request: HttpRequest) -> HttpResponse:
    response = TemplateResponse(
        request,
        "quizzes/attempt_refused.html",
        {"message": _("Your answers could not be read. Nothing was changed.")},
        status=400,
    )
    return response


@page_view("quizzes.question_preview")
def question_preview_context(request: HttpRequest, question: Question) -> dict:
    """The question as a learner sees it in an attempt (answers in a fixed order)."""
    drawn = draw_question(
        question,
        slot=1,
        shuffle_answers=False,
        rng=random.Random(0),  # noqa: S311
    )
    return {
        "question": {**public_question(drawn), "response": {}, "image": question.image}
    }
