"""Template tags of SCORM: the lesson's activity frame and its parts."""

from django import template
from django.conf import settings
from django.utils.translation import gettext_lazy

from courses.frames import FrameWords, frame_refusal, lesson_exercises, once_per_request
from scorm.runtime import attempt_current
from scorm.selectors import attempt_done, content_token, lesson_attempts, sco_views

register = template.Library()

WORDS = FrameWords(
    cannot_show=gettext_lazy("This activity cannot be shown here."),
    being_prepared=gettext_lazy("This activity is being prepared."),
    enrol_first=gettext_lazy("Enrol in the course to do this activity."),
)


@register.simple_tag(takes_context=True)
def scorm_frame(context: template.Context, activity) -> dict:
    """What the lesson's SCORM block shows: for an enrolled learner, their attempt
    (begun on the first visit), a fresh token, the package's parts with what is
    completed, and the part to open (the one opened last); else why nothing plays."""
    reason = frame_refusal(context, activity, WORDS)
    if reason:
        return {"reason": reason}
    user = context["request"].user
    lesson = context["page"]
    if not activity.package.scos:
        return {"reason": str(WORDS.cannot_show)}
    attempts = once_per_request(
        context["request"],
        "scorm",
        lambda: lesson_attempts(user, lesson_exercises(lesson, "scorm")),
    )
    begun = attempts.get(activity.pk)
    if begun is None:
        attempt, completed = attempt_current(user=user, activity=activity), set()
    else:
        attempt, completed = begun
    attempt.activity = activity  # the package is loaded already
    scos = sco_views(activity.package, completed)
    current = next((s for s in scos if s.identifier == attempt.current_sco), None)
    current = current or next((s for s in scos if not s.completed), scos[0])
    return {
        "token": content_token(user=user, activity=activity, lesson=lesson),
        "origin": settings.H5P_CONTENT_ORIGIN,
        "attempt": attempt,
        "scos": scos,
        "current": current,
        "version": activity.package.version,
        "done": attempt_done(attempt),
    }
