"""Template tags of H5P: the lesson's exercise frame."""

from django import template
from django.conf import settings
from django.utils.translation import gettext_lazy

from courses.frames import FrameWords, frame_refusal, lesson_exercises, once_per_request
from h5p.selectors import done_activities
from h5p.tokens import content_token, practice_token

register = template.Library()

WORDS = FrameWords(
    cannot_show=gettext_lazy("This exercise cannot be shown here."),
    being_prepared=gettext_lazy("This exercise is being prepared."),
    enrol_first=gettext_lazy("Enrol in the course to do this exercise."),
)


@register.simple_tag(takes_context=True)
def h5p_frame(context: template.Context, activity) -> dict:
    """Where the lesson's H5P frame points: a player URL with a fresh token for an
    enrolled learner, or the reason there is none."""
    reason = frame_refusal(context, activity, WORDS)
    if reason:
        return {"reason": reason}
    user = context["request"].user
    lesson = context["page"]
    origin = settings.H5P_CONTENT_ORIGIN
    token = content_token(user=user, activity=activity, lesson=lesson)
    done = once_per_request(
        context["request"],
        "h5p",
        lambda: done_activities(user, lesson_exercises(lesson, "h5p")),
    )
    return {
        "url": f"{origin}/h5p/c/{token}/",
        "token": token,
        "origin": origin,
        "done": activity.pk in done,
    }


@register.simple_tag
def h5p_practice_frame(activity) -> dict:
    """Where the frame of an exercise open to everyone points (the databank): a
    practice token, nothing recorded; or the reason there is none."""
    origin = settings.H5P_CONTENT_ORIGIN
    if activity is None or not origin or not activity.open_to_all:
        return {"reason": str(WORDS.cannot_show)}
    if activity.package.status != activity.package.Status.READY:
        return {"reason": str(WORDS.being_prepared)}
    token = practice_token(activity)
    return {"url": f"{origin}/h5p/c/{token}/", "token": token, "origin": origin}
