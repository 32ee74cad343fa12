"""A way from the Wagtail admin to an event's participant list: a button in the page
listing's "more" menu and in the page header, for whoever organises the event
(`events.access.may_organise`). Imported by `events.wagtail_hooks`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from .access import may_organise
from .models import EventPage


def _participants_button(page, user, priority: int) -> list[Button]:
    if page.specific_class is not EventPage:
        return []
    event = page.specific_deferred
    if not event.live or not may_organise(user, event):
        return []
    url = event.url
    if not url:
        return []
    return [
        Button(
            _("Participants"),
            url + event.reverse_subpage("participants"),
            icon_name="group",
            priority=priority,
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def participants_listing_button(page, user, next_url=None, **kwargs):
    yield from _participants_button(page, user, priority=60)


@hooks.register("register_page_header_buttons")
def participants_header_button(page, user, view_name=None, next_url=None, **kwargs):
    yield from _participants_button(page, user, priority=60)
