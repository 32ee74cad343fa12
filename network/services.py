"""Joining and leaving a learning network, the moderators' decisions, and whether a
member shows their name to the others.

Every function takes the Dutch source network (`languages.selectors.source_of`):
memberships are kept there, whatever language a member reads the page in.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.models import User
from lms.queue import task_after_commit

from .models import NetworkMember, NetworkPage
from .selectors import is_moderator

Status = NetworkMember.Status
NOTICE_TASK = "network.tasks.send_network_notice"


class NotModerator(Exception):
    """The person is no moderator of the request's network."""


class AlreadyDecided(Exception):
    """The request was approved or refused before."""


class NotMember(Exception):
    """The person is no member of the network."""


@transaction.atomic
def network_join(*, user: User, network: NetworkPage) -> NetworkMember:
    """`user` joins `network`: a member at once when it is open; otherwise a pending
    request, mailed to the moderators. Joining again changes nothing (a member stays
    one, a request waits), and a refused request stays refused: the moderators
    decided once. Safe against a double click (the unique row and a row lock)."""
    open_network = network.joining == NetworkPage.Joining.OPEN
    wanted = Status.MEMBER if open_network else Status.PENDING
    member = (
        NetworkMember.objects.select_for_update()
        .filter(network=network, user=user)
        .first()
    )
    if member is None:
        try:
            with transaction.atomic():
                member = NetworkMember.objects.create(
                    network=network, user=user, status=wanted
                )
        except IntegrityError:
            # Another request of the same person made it a moment ago.
            return NetworkMember.objects.get(network=network, user=user)
        if wanted == Status.PENDING:
            task_after_commit(NOTICE_TASK, member.pk, "requested")
        return member
    if member.status == Status.REFUSED and open_network:
        # The network opened since its moderators refused: anyone may join now.
        member.status = Status.MEMBER
        member.save(update_fields=["status"])
    return member


@transaction.atomic
def network_decide(
    *, moderator: User, member: NetworkMember, approve: bool
) -> NetworkMember:
    """A moderator of `member`'s network admits the request or refuses it, once: the
    row is locked, so two moderators deciding at the same moment cannot both win.
    The person is mailed the outcome."""
    if not is_moderator(moderator, member.network):
        raise NotModerator
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if member.status != Status.PENDING:
        raise AlreadyDecided
    member.status = Status.MEMBER if approve else Status.REFUSED
    member.decided_at = timezone.now()
    member.decided_by = moderator
    member.save(update_fields=["status", "decided_at", "decided_by"])
    task_after_commit(NOTICE_TASK, member.pk, "approved" if approve else "refused")
    return member


def network_leave(*, user: User, network: NetworkPage) -> bool:
    """`user` leaves `network`, or withdraws their request; False when they were in
    neither. A refused request stays, so that it cannot be asked again."""
    deleted, _ = (
        NetworkMember.objects.filter(network=network, user=user)
        .exclude(status=Status.REFUSED)
        .delete()
    )
    return bool(deleted)


def member_visibility_set(
    *, user: User, network: NetworkPage, visible: bool
) -> NetworkMember:
    """Whether the other members see `user`'s name and organisation."""
    updated = NetworkMember.objects.filter(
        network=network, user=user, status=Status.MEMBER
    ).update(visible=visible)
    if not updated:
        raise NotMember
    return NetworkMember.objects.get(network=network, user=user)
