"""Mails about joining a network: a request to its moderators, the decision to the
person who asked; each in the recipient's language, naming the network as they
read it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from languages.selectors import in_language, url_in_language
from lms.links import absolute_url
from lms.mail import mail_person

from .models import NetworkMember

SUBJECTS = {
    "requested": _("Someone asks to join your learning network"),
    "approved": _("Welcome to the learning network"),
    "refused": _("Your request to join the learning network"),
}


def network_notice_send(member_id: int, event: str) -> int:
    """Mail about request `member_id`: "requested" to every moderator of its
    network, "approved" or "refused" to the person. How many mails went (none
    when the request is gone or no longer in that state)."""
    member = (
        NetworkMember.objects.select_related("network", "user")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        return 0
    network = member.network
    if event == "requested":
        if member.status != NetworkMember.Status.PENDING:
            return 0  # decided (or withdrawn) before the mail went
        organisations = [
            m.organisation.name
            for m in member.user.memberships.select_related("organisation")
        ]
        requests_url = absolute_url(reverse("network:requests", args=[network.pk]))
        sent = 0
        for moderator in network.moderators.all():
            mail_person(
                to=moderator,
                subject=SUBJECTS[event],
                template="email/network_request.txt",
                context={
                    "person": member.user,
                    "organisations": organisations,
                    "network_title": in_language(network, moderator.language).title,
                    "url": requests_url,
                },
            )
            sent += 1
        return sent
    mail_person(
        to=member.user,
        subject=SUBJECTS[event],
        template="email/network_decision.txt",
        context={
            "approved": event == "approved",
            "network_title": in_language(network, member.user.language).title,
            "url": absolute_url(url_in_language(network, member.user.language, None)),
        },
    )
    return 1
