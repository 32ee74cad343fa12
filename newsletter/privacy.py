"""What the newsletter holds about a person: their subscription (address, status,
consent dates) and the record of the issues sent to it."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from .models import Delivery, Sending, Subscriber


def _subscriptions(user: User):
    """Their subscriptions: by their account, or by their address (one made through
    the form before they had an account, or while logged out)."""
    return Subscriber.objects.filter(Q(user=user) | Q(email__iexact=user.email))


class Newsletter(PersonalData):
    name = "newsletter"
    models = {
        "newsletter.Subscriber": Treatment.ERASED,
        "newsletter.Delivery": Treatment.ERASED,
        # The record that an issue was sent stays, without who pressed "send".
        "newsletter.Sending": Treatment.ANONYMISED,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your newsletter subscription"),
                what=_(
                    "The address the newsletter goes to, its language, when you asked "
                    "for it, confirmed and unsubscribed, and which issues were sent to "
                    "you."
                ),
                who_sees=_(
                    "The editors who send the newsletter see how many people "
                    "subscribed, not who."
                ),
                kept=_(
                    "Until you unsubscribe and ask us to erase it, or erase your account."
                ),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        subscriptions = list(_subscriptions(user))
        archive.records(
            "newsletter_subscriptions",
            [
                {
                    "email": s.email,
                    "language": s.language,
                    "status": s.status,
                    "subscribed_through": s.source,
                    "asked_at": s.asked_at,
                    "confirmed_at": s.confirmed_at,
                    "unsubscribed_at": s.unsubscribed_at,
                }
                for s in subscriptions
            ],
        )
        archive.records(
            "newsletter_deliveries",
            [
                {"issue": d.issue.title, "status": d.status, "sent_at": d.sent_at}
                for d in Delivery.objects.filter(subscriber__in=subscriptions)
                .select_related("issue")
                .order_by("pk")
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        # Deliveries go with their subscriber (CASCADE).
        _subscriptions(user).delete()
        Sending.objects.filter(started_by=user).update(started_by=None)


register(Newsletter())
