"""The digital services a module can centre on are edited as snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DigitalService


class DigitalServiceViewSet(SnippetViewSet):
    model = DigitalService
    icon = "site"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "website"]
    search_fields = ["name"]


register_snippet(DigitalServiceViewSet)
