from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from wagtail.models import Site

from languages.selectors import translation_statuses, url_in_language
from lms import routing
from lms.links import on_this_site


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the profile of a logged-in user. On a
    page, it leads to the same page in the chosen language (and the same section of
    a lesson)."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        target = _same_page_in(request, request.POST.get("next", ""), language)
        if target:
            request.POST = request.POST.copy()
            request.POST["next"] = target
    response = django_set_language(request)
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response


def _same_page_in(request: HttpRequest, next_url: str, language: str) -> str | None:
    """`next_url` in `language` when it is a page's URL (with what follows the page's
    own URL, such as a lesson's section), else None."""
    if not on_this_site(request, next_url):
        return None
    path, _, query = next_url.partition("?")
    current = translation.get_language_from_path(path)
    if not current:
        return None
    with translation.override(current):
        found = routing.route(
            request, Site.find_for_request(request), path[len(current) + 2 :]
        )
        page = found and found.page
        page_url = page and page.get_url(request)
    if not page or not page_url or not path.startswith(page_url):
        return None
    site = Site.find_for_request(request)
    target = url_in_language(page, language, site) + path[len(page_url) :]
    return f"{target}?{query}" if query else target


TRANSLATORS = "wagtail_localize.submit_translation"


@permission_required(TRANSLATORS, raise_exception=True)
def translation_report(request: HttpRequest) -> HttpResponse:
    """The editors' list of translated pages: which are out of date since their
    Dutch page changed, and how many texts each still needs."""
    return render(
        request,
        "languages/admin/translations.html",
        {"statuses": translation_statuses()},
    )
