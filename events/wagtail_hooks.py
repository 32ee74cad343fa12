"""The agenda in Wagtail's admin: the editable list of kinds of event, the
organisers' "Participants" buttons (`admin_buttons`), what the course and module
pages show of their webinars (`course_hooks`), and who may download an event's
documents."""

from django.db.models import Model
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.selectors import ViewerRule

from . import (
    admin_buttons,  # noqa: F401  (registers its hooks on import)
    course_hooks,  # noqa: F401  (registers its hooks on import)
)
from .access import afterwards_open_to_any
from .models import EventKind, EventPage


class EventKindViewSet(SnippetViewSet):
    model = EventKind
    icon = "date"
    menu_label = EventKind._meta.verbose_name_plural
    list_display = ["name", "slug", "sort_order"]


register_snippet(EventKindViewSet)


@hooks.register("register_viewer_rules")
def event_document_viewers() -> dict[type[Model], ViewerRule]:
    """An event's recording and slides (Wagtail documents) are for whoever may see
    what comes after it (`events.access.afterwards_open_to`): the same rule as the
    event page's "Afterwards" section and the recording page."""
    return {EventPage: afterwards_open_to_any}
