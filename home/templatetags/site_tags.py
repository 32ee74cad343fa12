from django import template
from django.utils import translation
from wagtail.models import Page, Site

from home.models import PrivacyPage, StandardPage
from languages.selectors import in_reader_language
from lms.content_cache import CONTENT
from lms.routing import localized_root

register = template.Library()


def _site_root(context: template.Context) -> Page | None:
    request = context.get("request")
    # The request's site, put there from the cache (lms.middleware.CachedSite).
    # The home page in the reader's language, so menus and footer are in it too.
    site = Site.find_for_request(request) if request else None
    return localized_root(site) if site else None


@register.simple_tag(takes_context=True)
def menu_pages(context: template.Context) -> list[Page]:
    """Pages the editors put in the main menu ("Show in menus"), in tree order
    (cached with the content: `lms.content_cache`)."""
    root = _site_root(context)
    if root is None:
        return []
    return CONTENT.get(
        f"menu:{root.pk}", lambda: list(root.get_children().live().in_menu())
    )


@register.simple_tag(takes_context=True)
def footer_pages(context: template.Context) -> list[Page]:
    """Plain pages under the home page (about, privacy, accessibility) for the footer
    (cached with the content)."""
    root = _site_root(context)
    if root is None:
        return []
    return CONTENT.get(f"footer:{root.pk}", lambda: _footer_pages(root))


def _footer_pages(root: Page) -> list[Page]:
    # Filtered through the join, not `.type()`: one query, whatever the content type
    # cache holds.
    models = [StandardPage._meta.model_name, PrivacyPage._meta.model_name]
    pages = (
        Page.objects.live()
        .child_of(root)
        .filter(content_type__app_label="home", content_type__model__in=models)
    )
    return list(pages.order_by("path"))


@register.simple_tag
def privacy_page() -> PrivacyPage | None:
    """The privacy statement, for links to it; None before an editor made one
    (cached with the content)."""
    return CONTENT.get(
        f"privacy-page:{translation.get_language()}",
        lambda: in_reader_language(PrivacyPage.objects.live()).first(),
    )
