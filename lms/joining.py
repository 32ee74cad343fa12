"""Joining an organisation from one's own profile or sign-up: a request that a
coordinator of that organisation approves or refuses (in the coordination app, which
also tells the coordinators), or at once for a person with a verified address at one
of the organisation's own mail domains.

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
from .selectors import verified_addresses
from .services import membership_join
from .signals import join_request_ready


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
    - Otherwise a pending JoinRequest (the existing one when asked again). It waits
      for the organisation's coordinators once the person's address is verified
      (now, or when they confirm it: `join_requests_after_verification`); the
      signal `join_request_ready` says so, and the coordination app tells them.

    ValidationError when `user` is already a member, and when nobody coordinates the
    organisation (nobody could decide: they ask to be invited instead).
    """
    with transaction.atomic():
        if Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationError(
                _("You are already a member of %(name)s.") % {"name": organisation}
            )
        addresses = verified_addresses(user)
        if joins_by_domain(organisation, addresses):
            return membership_join(user=user, organisation=organisation)
        # Nobody could decide; unless the login address, once verified, lets the
        # person in by the organisation's own domain.
        if (
            not joins_by_domain(organisation, {user.email.lower()})
            and not organisation.memberships.filter(
                role=Membership.Role.COORDINATOR
            ).exists()
        ):
            raise ValidationError(
                _(
                    "Nobody coordinates %(name)s on the platform yet, so nobody can "
                    "accept your request. Ask your organisation to invite you."
                )
                % {"name": organisation}
            )
        join_request, created = JoinRequest.objects.get_or_create(
            user=user, organisation=organisation, status=JoinRequest.Status.PENDING
        )
        if created and addresses:
            join_request_ready.send(sender=JoinRequest, join_request=join_request)
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
                join_request_ready.send(sender=JoinRequest, join_request=join_request)


def join_request_withdraw(*, join_request: JoinRequest) -> None:
    """The person no longer wants to join: a pending request disappears."""
    if join_request.status == JoinRequest.Status.PENDING:
        join_request.delete()


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
