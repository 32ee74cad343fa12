"""Template tags of SCORM: the lesson's activity frame and its parts."""

from django import template
from django.conf import settings
from django.utils.translation import gettext

from courses.models import LessonPage
from courses.selectors import is_enrolled, lesson_parents
from scorm.runtime import attempt_current
from scorm.selectors import attempt_done, content_token, sco_views

register = template.Library()


@register.simple_tag(takes_context=True)
def scorm_frame(context: template.Context, activity) -> dict:
    """What the lesson's SCORM block shows: for an enrolled learner, their attempt
    (begun on the first visit), a fresh token, the package's parts with what is
    completed, and the part to open (the one opened last); else why nothing plays."""
    request = context.get("request")
    lesson = context.get("page")
    user = getattr(request, "user", None)
    origin = settings.H5P_CONTENT_ORIGIN
    if activity is None or not origin or not isinstance(lesson, LessonPage):
        return {"reason": gettext("This activity cannot be shown here.")}
    if activity.package.status != activity.package.Status.READY:
        return {"reason": gettext("This activity is being prepared.")}
    # The lesson viewer already knows its course; only a bare render looks it up.
    viewer = context.get("viewer")
    course = viewer.course if viewer is not None else lesson_parents(lesson)[0]
    if not is_enrolled(user, course):
        return {"reason": gettext("Enrol in the course to do this activity.")}
    if not activity.package.scos:
        return {"reason": gettext("This activity cannot be shown here.")}
    attempt = attempt_current(user=user, activity=activity)
    attempt.activity = activity  # the package is loaded already
    scos = sco_views(attempt, activity.package)
    current = next((s for s in scos if s.identifier == attempt.current_sco), None)
    current = current or next((s for s in scos if not s.completed), scos[0])
    return {
        "token": content_token(user=user, activity=activity, lesson=lesson),
        "origin": origin,
        "attempt": attempt,
        "scos": scos,
        "current": current,
        "version": activity.package.version,
        "done": attempt_done(attempt),
    }
