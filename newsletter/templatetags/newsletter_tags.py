from django import template

from lms.links import absolute_url

register = template.Library()


@register.filter
def absolute(url: str) -> str:
    """`url` with the site's address in front, for links and images in a mail."""
    if not url or url.startswith(("https://", "http://", "mailto:")):
        return url
    return absolute_url(url)
