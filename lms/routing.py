"""Pages reach their views without importing them.

A page model (`courses.LessonPage`, `quizzes.TestPage`…) holds content and names the
view that serves each of its routes, and the function that fills its context; the
app's views module registers each under its name with `@page_view` and is imported
from the app's `AppConfig.ready`. Models thus import no views, selectors or services
(those import the models), and which function serves a page is looked up when the
request arrives.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page

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
