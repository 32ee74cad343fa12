"""The agenda in Wagtail's admin: the editable list of kinds of event, and what the
course and module pages show of their webinars (`course_hooks`)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import course_hooks  # noqa: F401  (registers its hooks on import)
from .models import EventKind


class EventKindViewSet(SnippetViewSet):
    model = EventKind
    icon = "date"
    menu_label = EventKind._meta.verbose_name_plural
    list_display = ["name", "slug", "sort_order"]


register_snippet(EventKindViewSet)
