import re

import nh3
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.templatetags.wagtailcore_tags import richtext

from ..models import LessonPage
from ..quizzes.drawing import GAP_MARKER

register = template.Library()


@register.simple_tag(takes_context=True)
def section_url(context: template.Context, lesson: LessonPage, number: int) -> str:
    """The URL of section `number` of `lesson`, using the request's cached site paths."""
    return lesson.section_url(number, context.get("request"))


# Answer texts come from editors and from imported files: keep only harmless markup.
ANSWER_TAGS = {"b", "strong", "i", "em", "sub", "sup", "br", "code", "span", "p"}


@register.filter
def clean_html(value: str) -> str:
    """Author HTML reduced to inline formatting, safe to put in the page."""
    return mark_safe(nh3.clean(value or "", tags=ANSWER_TAGS, attributes={}))  # noqa: S308 - nh3 sanitised it


@register.simple_tag
def gap_stem(question: dict, response: dict | None = None) -> str:
    """The stem of a fill-in-the-gaps question with a field in place of each [[n]]."""
    answers = (response or {}).get("gaps", {})
    name = f"q{question['slot']}"
    gaps = {gap["number"]: gap for gap in question["gaps"]}

    def field(match: re.Match) -> str:
        number = int(match.group(1))
        gap = gaps.get(number)
        if gap is None:
            return ""
        label = gettext("Gap %(number)s") % {"number": number}
        current = answers.get(str(number), "")
        if question.get("gap_mode") == "typed":
            return format_html(
                '<input type="text" class="gap" name="{}-{}" value="{}" aria-label="{}" '
                'autocomplete="off" spellcheck="false">',
                name,
                number,
                current,
                label,
            )
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    o["key"],
                    mark_safe(" selected") if o["key"] == current else "",
                    o["text"],
                )  # noqa: S308
                for o in gap["options"]
            ),
        )
        return format_html(
            '<select class="gap" name="{}-{}" aria-label="{}"><option value="">…</option>{}</select>',
            name,
            number,
            label,
            options,
        )

    html = richtext(question["stem"])
    return mark_safe(GAP_MARKER.sub(field, str(html)))  # noqa: S308 - each field is escaped


@register.filter
def gap_blanks(stem: str) -> str:
    """A fill-in-the-gaps stem for the review, with a numbered blank for each gap."""
    html = str(richtext(stem))
    return mark_safe(GAP_MARKER.sub(lambda m: f"<b>[{int(m.group(1))}] ____</b>", html))  # noqa: S308 - only digits are inserted


@register.simple_tag(takes_context=True)
def h5p_frame(context: template.Context, activity) -> dict:
    """Where the lesson's H5P frame points: a player URL with a fresh token for an
    enrolled learner, or the reason there is none."""
    from django.conf import settings

    from ..h5p.tokens import content_token
    from ..models import H5PResult
    from ..selectors import is_enrolled, lesson_parents

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
