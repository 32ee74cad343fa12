from django import template
from wagtail.models import Page, Site

from languages.selectors import shown_in_other_language, translations_of

register = template.Library()


@register.simple_tag(takes_context=True)
def page_alternates(context: template.Context, page: Page) -> list[tuple[str, str]]:
    """(language, absolute URL) of every published language version of `page`, for
    `hreflang` links."""
    request = context.get("request")
    if request is None or not getattr(page, "translation_key", None):
        return []
    urls = translations_of(page, Site.find_for_request(request))
    return [
        (language, request.build_absolute_uri(url))
        for language, url in sorted(urls.items())
    ]


@register.simple_tag
def page_language_if_other(page: Page) -> str | None:
    """The language `page` is written in when the reader reads another one."""
    if not getattr(page, "translation_key", None):
        return None
    return shown_in_other_language(page)
