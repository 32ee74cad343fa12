"""What the home app adds to Wagtail: the access check on every document, and who may
view the site's own pages (for the documents they use)."""

from django.db.models import Model
from django.http import Http404
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .models import HomePage, PrivacyPage, StandardPage
from .selectors import ViewerRule, document_may_download, everyone


# Before Wagtail's own check of collection view restrictions (order 0): a visitor who
# may not have the document gets 404, never a login form saying that it exists.
@hooks.register("before_serve_document", order=-1)
def document_access(document, request) -> None:
    if not document_may_download(request.user, document):
        raise Http404


@hooks.register("register_viewer_rules")
def site_page_viewers() -> dict[type[Model], ViewerRule]:
    """The home page, standard pages and the privacy page are for everyone (within
    their view restrictions, which the document check applies to every page)."""
    return {HomePage: everyone, StandardPage: everyone, PrivacyPage: everyone}


@hooks.register("insert_global_admin_js")
def admin_field_names() -> str:
    """Names for the admin's rich-text editors, which Wagtail's labels do not reach."""
    return format_html('<script src="{}"></script>', static("js/admin-field-names.js"))
