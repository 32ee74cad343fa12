"""Template tags of H5P: the lesson's exercise frame."""

from django import template
from django.conf import settings
from django.utils.translation import gettext

from courses.models import LessonPage
from courses.selectors import is_enrolled, lesson_parents
from h5p.models import H5PResult
from h5p.tokens import content_token, practice_token

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_frame(context: template.Context, activity) -> dict:
    """Where the lesson's H5P frame points: a player URL with a fresh token for an
    enrolled learner, or the reason there is none."""
    request = context.get("request")
    lesson = context.get("page")
    user = getattr(request, "user", None)
    origin = settings.H5P_CONTENT_ORIGIN
    if activity is None or not origin or not isinstance(lesson, LessonPage):
        return {"reason": gettext("This exercise cannot be shown here.")}
    if activity.package.status != activity.package.Status.READY:
        return {"reason": gettext("This exercise is being prepared.")}
    # The lesson viewer already knows its course; only a bare render looks it up.
    viewer = context.get("viewer")
    course = viewer.course if viewer is not None else lesson_parents(lesson)[0]
    if not is_enrolled(user, course):
        return {"reason": gettext("Enrol in the course to do this exercise.")}
    token = content_token(user=user, activity=activity, lesson=lesson)
    result = H5PResult.objects.filter(user=user, activity=activity).first()
    return {
        "url": f"{origin}/h5p/c/{token}/",
        "token": token,
        "origin": origin,
        "done": bool(result and result.done),
    }


@register.simple_tag
def h5p_practice_frame(activity) -> dict:
    """Where the frame of an exercise open to everyone points (the databank): a
    practice token, nothing recorded; or the reason there is none."""
    origin = settings.H5P_CONTENT_ORIGIN
    if activity is None or not origin or not activity.open_to_all:
        return {"reason": gettext("This exercise cannot be shown here.")}
    if activity.package.status != activity.package.Status.READY:
        return {"reason": gettext("This exercise is being prepared.")}
    token = practice_token(activity)
    return {"url": f"{origin}/h5p/c/{token}/", "token": token, "origin": origin}
