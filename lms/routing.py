"""Pages reach their views without importing them.

A page model (`courses.LessonPage`, `quizzes.TestPage`…) holds content and names the
view that serves each of its routes, and the function that fills its context; the
app's views module registers each under its name with `@page_view` and is imported
from the app's `AppConfig.ready`. Models thus import no views, selectors or services
(those import the models), and which function serves a page is looked up when the
request arrives.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import hooks
from wagtail.models import Locale, Page, Site
from wagtail.url_routing import RouteResult

from lms.content_cache import CONTENT

_views: dict[str, Callable] = {}


def page_view(name: str):
    """Register the decorated function under `name`: a route's view, called as
    `view(request, page, *args, **kwargs)`, or a context, returning a dict."""

    def register(view: Callable) -> Callable:
        _views[name] = view
        return view

    return register


def serve(name: str, request: HttpRequest, page: Page, *args, **kwargs) -> HttpResponse:
    """Serve `page`'s route `name` with the view registered for it."""
    return _views[name](request, page, *args, **kwargs)


def context(name: str, *args) -> dict:
    """What the function registered as `name` adds to a template's context (a page's:
    `(request, page)`; a block's: what the block passes). Nothing when no installed
    app registered `name`."""
    fn = _views.get(name)
    return fn(*args) if fn else {}


def hook_context(hook: str, request: HttpRequest, page: Page) -> dict:
    """What the apps above add to a page: every `hook` function returns a dict (or
    None) for `(request, page)`, e.g. the training app's kits on a course page."""
    added = {}
    for fn in hooks.get_hooks(hook):
        added.update(fn(request, page) or {})
    return added


def site_for_request(request: HttpRequest) -> Site | None:
    """The request's site (with its root page), from the cache."""
    hostname = split_domain_port(request._get_raw_host())[0]
    return CONTENT.get(
        f"site:{hostname}:{request.get_port()}",
        lambda: Site._find_for_request(request),
    )


def _deepest(root: Page, components: list[str]) -> tuple[int, int, int] | None:
    """The deepest live-or-not page below `root` whose URL path is a prefix of
    `components`: its id, content type, and how many components it takes."""
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in components[:n])
        for n in range(len(components) + 1)
    ]
    row = (
        Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
        .order_by("-depth")
        .values_list("pk", "content_type_id", "depth")
        .first()
    )
    return row and (row[0], row[1], row[2] - root.depth)


def site_roots(site: Site) -> dict[str, Page]:
    """The site's home page in each language it is published in (the site's own root,
    in the source language, always), from the cache."""

    def read() -> dict[str, Page]:
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        roots = site.root_page.get_translations().live().order_by("pk")
        return {languages[root.locale_id]: root for root in roots} | {
            languages[site.root_page.locale_id]: site.root_page
        }

    return CONTENT.get(f"roots:{site.pk}", read)


def localized_root(site: Site) -> Page:
    """The site's home page in the active language, else the site's root."""
    return site_roots(site).get(translation.get_language(), site.root_page)


def route(request: HttpRequest, site: Site | None, path: str) -> RouteResult | None:
    """Where `path` leads, as Wagtail's `Page.route_for_request` answers it, in one
    query: the tree is not walked page by page (two queries per level) but the
    deepest page whose URL path starts `path` is looked up (cached per generation)
    and its own `route` takes the rest (a lesson's "onderdeel/2/").

    The path is looked up in the tree of the active language (`/fr/…` in the French
    home page's tree); what that tree lacks is looked up in the site's own tree, so a
    page not (yet) translated is shown in the source language rather than a 404.
    Without a site, or when nothing answers, None (a 404)."""
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    local = localized_root(site)
    if found := _route_below(request, local, components):
        return found
    if local.pk == site.root_page.pk:
        return None
    found = _route_below(request, site.root_page, components)
    if found and isinstance(found.page, LanguageFallbackURL):
        # Its links keep the reader's language (and so the notice).
        found.page.shown_in_language = translation.get_language()
    return found


def _route_below(
    request: HttpRequest, root: Page, components: list[str]
) -> RouteResult | None:
    found = CONTENT.get(
        f"route:{root.pk}:{'/'.join(components)}",
        lambda: _deepest(root, components),
    )
    if found is None:
        return None
    page_id, content_type_id, taken = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=page_id).first() if model else None
    if page is None:  # deleted since: the next generation will not have it
        return None
    try:
        return page.route(request, components[taken:])
    except Http404:
        return None


class LanguageFallbackURL:
    """A page mixin: a page shown to readers of a language it has no translation in
    (`shown_in_language`, set on a copy by `courses.translations`) links under that
    language's prefix, so the reader stays in their language and `route` shows them
    the page with the "not translated yet" notice."""

    shown_in_language: str | None = None

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or not self.shown_in_language:
            return parts
        site_id, root_url, page_path = parts
        if language := translation.get_language_from_path(page_path):
            page_path = f"/{self.shown_in_language}/{page_path[len(language) + 2 :]}"
        return site_id, root_url, page_path


class Restrictions(list):
    """View restrictions read from the cache, answering `exists()` as the queryset
    they replace does (Wagtail's page copy, and so translation, asks it)."""

    def exists(self) -> bool:
        return bool(self)


class CachedViewRestrictions:
    """A page mixin: the view restrictions of the page and its ancestors, which
    Wagtail checks before serving it, from the cache (two queries otherwise)."""

    def get_view_restrictions(self):
        restrictions = super().get_view_restrictions
        return CONTENT.get(
            f"view-restrictions:{self.pk}", lambda: Restrictions(restrictions())
        )
