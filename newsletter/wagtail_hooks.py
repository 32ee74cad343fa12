"""The newsletter in the Wagtail admin: "Send a test to myself" and "Send to all
subscribers" on an issue's page, and their views."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_views
from .models import NewsletterIssuePage


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path(
            "nieuwsbrief/<int:pk>/test/",
            admin_views.send_test,
            name="newsletter_send_test",
        ),
        path(
            "nieuwsbrief/<int:pk>/versturen/", admin_views.send, name="newsletter_send"
        ),
        path(
            "nieuwsbrief/<int:pk>/voortgang/",
            admin_views.progress,
            name="newsletter_send_progress",
        ),
        path(
            "nieuwsbrief/<int:pk>/voortgang.json",
            admin_views.status,
            name="newsletter_send_status",
        ),
    ]


def _buttons(page, user, button_class, priority: int):
    if not isinstance(page.specific_deferred, NewsletterIssuePage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield button_class(
        _("Send a test to myself"),
        reverse("newsletter_send_test", args=[page.pk]),
        icon_name="mail",
        priority=priority - 1,
    )
    if user.has_perm(admin_views.PERMISSION) and page.live:
        yield button_class(
            _("Send to all subscribers"),
            reverse("newsletter_send", args=[page.pk]),
            icon_name="mail",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def issue_header_buttons(page, user, view_name, next_url=None):
    yield from _buttons(page, user, Button, 80)


@hooks.register("register_page_listing_more_buttons")
def issue_listing_buttons(page, user, next_url=None):
    yield from _buttons(page, user, Button, 70)
