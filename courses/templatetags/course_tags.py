from django import template

from courses.models import LessonPage

register = template.Library()


@register.simple_tag(takes_context=True)
def section_url(context: template.Context, lesson: LessonPage, number: int) -> str:
    """The URL of section `number` of `lesson`, using the request's cached site paths."""
    return lesson.section_url(number, context.get("request"))
