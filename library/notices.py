"""Mails to the person who shared material: received, published, changes asked,
refused; in their own language."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.links import absolute_url
from lms.mail import mail_person

from .models import LibraryItem

SUBJECTS = {
    "received": _("We received your material for the databank"),
    "published": _("Your material is in the databank"),
    "changes": _("Your material for the databank: a few changes, please"),
    "refused": _("Your material was not added to the databank"),
}


def submission_notice_send(item_id: int, event: str) -> bool:
    """Mail the submitter of item `item_id` about `event`; False when there is no
    one to mail (the item or its submitter is gone)."""
    item = LibraryItem.objects.select_related("submitted_by").filter(pk=item_id).first()
    if item is None or item.submitted_by is None:
        return False
    mail_person(
        to=item.submitted_by,
        subject=SUBJECTS[event],
        template="email/library_submission.txt",
        context={
            "item": item,
            "event": event,
            "item_url": absolute_url(reverse("library:item", args=[item.pk])),
            "mine_url": absolute_url(reverse("library:submissions")),
        },
    )
    return True
