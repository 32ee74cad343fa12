"""What the learning networks hold about a person: the networks they joined or asked
to join (and whether they are visible there), the networks they moderate."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from .models import NetworkMember, NetworkPage


class Network(PersonalData):
    name = "network"
    models = {
        # A membership is about its person: it goes with them. A decision a person
        # took as moderator stays on the other's row, without their name.
        "network.NetworkMember": Treatment.ERASED,
        # As moderator: the network stays, without them among its moderators.
        "network.NetworkPage": Treatment.ANONYMISED,
        "network.NetworkPage_moderators": Treatment.ERASED,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your learning networks"),
                what=_(
                    "The learning networks you joined or asked to join, when, the "
                    "moderators' decision, and whether the other members see your "
                    "name and organisation; the networks you moderate."
                ),
                who_sees=_(
                    "The network's moderators; the other members only when you "
                    "chose to be visible."
                ),
                kept=_("Until you leave the network or your account goes."),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "network_memberships",
            [
                {
                    "network": member.network.title,
                    "status": member.status,
                    "visible_to_members": member.visible,
                    "asked_at": member.created_at,
                    "decided_at": member.decided_at,
                }
                for member in NetworkMember.objects.filter(user=user)
                .select_related("network")
                .order_by("created_at")
            ],
        )
        archive.records(
            "networks_moderated",
            [
                {"network": title}
                for title in NetworkPage.objects.filter(moderators=user)
                .order_by("title")
                .values_list("title", flat=True)
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        NetworkMember.objects.filter(user=user).delete()
        NetworkMember.objects.filter(decided_by=user).update(decided_by=None)
        NetworkPage.moderators.through.objects.filter(user=user).delete()


register(Network())
