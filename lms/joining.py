"""Joining an organisation from one's own profile or sign-up: a request that a
coordinator of that organisation approves or refuses, or at once for a person with a
verified address at one of the organisation's own mail domains.

Nothing of a person reaches an organisation's coordinators before one of these has
happened (or the person accepted an invitation: see the coordination app).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .links import absolute_url
from .mail import mail_person
from .models import JoinRequest, Membership, Organisation, User
from .queue import task_after_commit
from .selectors import verified_addresses
from .services import membership_join


def joins_by_domain(organisation: Organisation, addresses: set[str]) -> bool:
    """True when one of `addresses` is at one of the organisation's own domains."""
    domains = set(organisation.join_domain_list)
    return any(address.rpartition("@")[2] in domains for address in addresses)


def join_request_create(
    *, user: User, organisation: Organisation
) -> Membership | JoinRequest:
    """`user` asks to join `organisation` as a learner.

    - With a verified address at one of the organisation's domains: a member at once
      (returns the Membership).
    - Otherwise a pending JoinRequest (the existing one when asked again). Its
      coordinators are mailed once the person's address is verified (now, or when
      they confirm it: `join_requests_after_verification`).

    ValidationError when `user` is already a member.
    """
    with transaction.atomic():
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationError(
                _("You are already a member of %(name)s.") % {"name": organisation}
            )
        addresses = verified_addresses(user)
        if joins_by_domain(organisation, addresses):
            return membership_join(user=user, organisation=organisation)
        join_request, created = JoinRequest.objects.get_or_create(
            user=user, organisation=organisation, status=JoinRequest.Status.PENDING
        )
        if created and addresses:
            task_after_commit("lms.tasks.send_join_request", join_request.pk)
    return join_request


def join_requests_after_verification(*, user: User) -> None:
    """`user` just verified an address: their pending requests at an organisation of
    that domain become memberships; the coordinators of the others are told now."""
    addresses = verified_addresses(user)
    pending = JoinRequest.objects.filter(
        user=user, status=JoinRequest.Status.PENDING
    ).select_related("organisation")
    for join_request in pending:
        with transaction.atomic():
            if joins_by_domain(join_request.organisation, addresses):
                membership_join(user=user, organisation=join_request.organisation)
                join_request.status = JoinRequest.Status.APPROVED
                join_request.decided_at = timezone.now()
                join_request.save(update_fields=["status", "decided_at"])
            elif join_request.notified_at is None:
                task_after_commit("lms.tasks.send_join_request", join_request.pk)


def join_request_withdraw(*, join_request: JoinRequest) -> None:
    """The person no longer wants to join: a pending request disappears."""
    if join_request.status == JoinRequest.Status.PENDING:
        join_request.delete()


def coordinators_of(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Membership.Role.COORDINATOR,
            is_active=True,
        )
    )


def join_request_notify(*, join_request_id: int) -> int:
    """Mail each coordinator of the organisation, in their language, that someone
    asks to join; once per request (the row is locked until `notified_at` is saved).
    Returns the number of mails sent."""
    with transaction.atomic():
        join_request = (
            JoinRequest.objects.select_for_update()
            .filter(
                pk=join_request_id,
                status=JoinRequest.Status.PENDING,
                notified_at__isnull=True,
            )
            .first()
        )
        if join_request is None:
            return 0
        organisation = join_request.organisation
        url = absolute_url(reverse("coordination:members", args=[organisation.pk]))
        coordinators = coordinators_of(organisation)
        for coordinator in coordinators:
            mail_person(
                to=coordinator,
                subject=lambda: (
                    _("%(name)s asks to join %(organisation)s")
                    % {"name": join_request.user, "organisation": organisation}
                ),
                template="email/join_request.txt",
                context={
                    "join_request": join_request,
                    "organisation": organisation,
                    "url": url,
                },
            )
        join_request.notified_at = timezone.now()
        join_request.save(update_fields=["notified_at"])
    return len(coordinators)


def join_decision_send(*, join_request_id: int) -> bool:
    """Tell the person, in their language, that their request was approved or
    refused; False when the request is gone or not decided."""
    join_request = (
        JoinRequest.objects.select_related("user", "organisation")
        .filter(pk=join_request_id)
        .exclude(status=JoinRequest.Status.PENDING)
        .first()
    )
    if join_request is None:
        return False
    approved = join_request.status == JoinRequest.Status.APPROVED
    mail_person(
        to=join_request.user,
        subject=lambda: (
            (
                _("You are now a member of %(organisation)s")
                if approved
                else _("Your request to join %(organisation)s was not accepted")
            )
            % {"organisation": join_request.organisation}
        ),
        template="email/join_decision.txt",
        context={
            "join_request": join_request,
            "approved": approved,
            "url": absolute_url(reverse("profile")),
        },
    )
    return True
