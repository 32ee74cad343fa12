"""Site-level state changes."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage


@transaction.atomic
def home_page_ensure() -> HomePage:
    """The site's home page; on a database without one (flushed, or set up by hand),
    make it with the page tree's root, the root collection for documents and images,
    the default locale and the default site."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(
        instance=HomePage(title="Digitaal Meedoen", slug="home", intro="<p></p>")
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "root_page": home,
            "site_name": "Digitaal Meedoen",
        },
    )
    return home
