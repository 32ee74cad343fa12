"""Shared pieces of the agenda's tests."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.models import GroupPagePermission

from events.demo_recording import sample_webm
from events.models import EventPage
from lms.models import User
from tests.factories import UserFactory, agenda, document

QUESTIONS = [
    (
        "question",
        {
            "label": "Wat eet je?",
            "help_text": "Voor de lunch.",
            "required": True,
            "choices": ["Alles", "Vegetarisch"],
        },
    ),
    (
        "question",
        {
            "label": "Organisatie",
            "help_text": "",
            "required": False,
            "choices": [],
        },
    ),
]


def field_names(event: EventPage) -> tuple[str, str]:
    """The form's names of the diet and the organisation question."""
    diet, organisation = (f"q-{block.id}" for block in event.questions)
    return diet, organisation


def page_text(response) -> str:
    """The page's visible text, in one line."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def nl(msgid: str) -> str:
    """`msgid` as the Dutch page shows it (the English until it is translated)."""
    with translation.override("nl"):
        return gettext(msgid)


def nl_count(singular: str, plural: str, n: int) -> str:
    """A `{% blocktranslate count counter=n %}` text as the Dutch page shows it."""
    with translation.override("nl"):
        return ngettext(singular, plural, n) % {"counter": n}


def video(title: str = "Opname") -> object:
    """A stored recording: a real (one second) WebM, as an organiser uploads it."""
    return document(title, sample_webm(title, seconds=1), name="opname.webm")


def page_editor() -> User:
    """Someone who may change the agenda's pages in Wagtail (an editor)."""
    group = Group.objects.create(name="Agenda editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=agenda(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    user = UserFactory()
    user.groups.add(group)
    return user


def en(url: str) -> str:
    """The address in English: the page (not translated) in Dutch, the words of the
    platform as written in the code, whatever the catalogues say."""
    return url.replace("/nl/", "/en/", 1)


def logged_in(user: User | None) -> Client:
    """A client logged in as `user` (a visitor's for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
