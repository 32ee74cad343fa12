"""Inviting people into an organisation by e-mail, and accepting or declining.

The invitation link carries a random token; only its SHA-256 is stored, so a copy of
the database lets no one in. Nobody becomes a member without saying yes: a person who
already has an account gets the same link and a notice on their learning path, and
joins only when they accept (logged in with the invited address); until then the
coordinator sees "invited, waiting" and nothing of their learning. Mails go out
through Celery after the commit, in the invitation's language.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from lms.links import absolute_url
from lms.models import Membership, Organisation, Team, User
from lms.queue import task_after_commit
from lms.selectors import verified_addresses
from lms.services import membership_join

from .models import Invitation
from .services import membership_set_teams

INVITATION_VALID_FOR = timedelta(days=30)


# --- Reads


def token_hash(token: str) -> str:
    """What is stored of an invitation token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose link carries `token`, whatever its state; None when no
    invitation has it (a mistyped link, or one replaced by a newer invitation)."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )


def open_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations of `organisation` nobody accepted yet, newest first, with their
    teams (two queries when evaluated). Expired and declined ones are included: the
    page says so."""
    return (
        Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True)
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("-created_at")
    )


def user_with_email(email: str) -> User | None:
    """The account that owns `email`: as its login address or as another address
    allauth verified for it."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        address = (
            EmailAddress.objects.filter(email__iexact=email, verified=True)
            .select_related("user")
            .first()
        )
        user = address.user if address else None
    return user


def normalise_email(email: str) -> str:
    return email.strip().lower()


def invitations_for(user: User) -> QuerySet[Invitation]:
    """The invitations waiting for `user`'s answer: open, not expired, to their login
    address or another address they verified; oldest first."""
    addresses = {normalise_email(user.email), *verified_addresses(user)}
    return (
        Invitation.objects.filter(
            email__in=addresses,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("organisation")
        .order_by("created_at")
    )


# --- State changes


def _check(
    *, organisation: Organisation, email: str, role: str, teams: list[Team]
) -> None:
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address.")]
    if role not in Membership.Role.values:
        errors["role"] = [_("Choose learner, trainer or coordinator.")]
    if any(team.organisation_id != organisation.pk for team in teams):
        errors["teams"] = [_("Choose teams of your own organisation.")]
    if errors:
        raise ValidationError(errors)


def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    teams: Iterable[Team],
    by: User | None,
    language: str = "",
) -> Invitation:
    """Invite `email` into `organisation` with this role and these teams.

    Everyone gets an Invitation, valid for 30 days and mailed after the commit; a
    person with an account joins only when they accept it (their learning path shows
    it too). Inviting an address with an open invitation again replaces its token
    and mails it again (the old link stops working), also after a decline.

    `language` is the language of the invitation mail (the site's default when
    empty). Raises ValidationError for a bad address, role or team, and for a person
    who is already a member.
    """
    email = normalise_email(email)
    teams = list(teams)
    _check(organisation=organisation, email=email, role=role, teams=teams)
    languages = dict(settings.LANGUAGES)
    language = language[:2] if language[:2] in languages else settings.LANGUAGE_CODE
    with transaction.atomic():
        account = user_with_email(email)
        if (
            account is not None
            and Membership.objects.filter(
                user=account, organisation=organisation
            ).exists()
        ):
            raise ValidationError(
                {
                    "email": _("%(email)s is already a member of %(name)s.")
                    % {"email": email, "name": organisation.name}
                }
            )
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = (
            Invitation.objects.select_for_update()
            .filter(organisation=organisation, email=email, accepted_at__isnull=True)
            .first()
        ) or Invitation(organisation=organisation, email=email)
        invitation.first_name = first_name.strip()[:150]
        invitation.last_name = last_name.strip()[:150]
        invitation.role = role
        invitation.language = language
        invitation.invited_by = by
        invitation.token_hash = token_hash(token)
        invitation.expires_at = now + INVITATION_VALID_FOR
        invitation.sent_at = None
        invitation.declined_at = None
        invitation.save()
        invitation.teams.set(teams)
        audit_record(
            action="coordination.invite",
            instance=invitation,
            by=by,
            subject=account,
            about=email,
            data={
                "role": role,
                "teams": sorted(team.name for team in teams),
                "has_account": account is not None,
            },
        )
        task_after_commit("coordination.tasks.send_invitation", invitation.pk, token)
    return invitation


def invitation_url(token: str) -> str:
    """The absolute link an invitation mail carries."""
    return absolute_url(reverse("coordination:invitation", args=[token]))


def invitation_send(*, invitation_id: int, token: str) -> bool:
    """Mail the invitation with its link; True when a mail went out.

    Nothing is sent for an invitation that was accepted, deleted, already mailed, or
    whose token was replaced by a newer invitation (that one has its own task). The
    row stays locked from the check until `sent_at` is saved, so two deliveries of
    one task send one mail; a failing mail server rolls the claim back and the
    error reaches the task, which retries.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(pk=invitation_id, accepted_at__isnull=True, sent_at__isnull=True)
            .first()
        )
        if invitation is None or not secrets.compare_digest(
            invitation.token_hash, token_hash(token)
        ):
            return False
        organisation = invitation.organisation
        inviter = invitation.invited_by
        has_account = user_with_email(invitation.email) is not None
        with translation.override(invitation.language or settings.LANGUAGE_CODE):
            subject = _("Invitation: join %(name)s on Digitaal Meedoen") % {
                "name": organisation.name
            }
            body = render_to_string(
                "email/invitation.txt",
                {
                    "invitation": invitation,
                    "organisation": organisation,
                    "inviter": inviter,
                    "has_account": has_account,
                    "url": invitation_url(token),
                },
            )
        send_mail(subject, body, None, [invitation.email])
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def _locked_open(invitation: Invitation) -> Invitation:
    """The invitation's row, locked until the commit, once it is certain it can
    still be accepted; ValidationError otherwise."""
    locked = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=invitation.pk)
        .first()
    )
    if locked is None or locked.accepted_at is not None:
        raise ValidationError(_("This invitation was already used."))
    if locked.declined_at is not None:
        raise ValidationError(_("This invitation was declined."))
    if locked.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired."))
    return locked


def _accept(invitation: Invitation, user: User) -> Membership:
    membership = membership_join(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    # Someone who meanwhile joined keeps their teams and gains the invitation's.
    teams = {*membership.teams.all(), *invitation.teams.all()}
    membership_set_teams(membership=membership, teams=teams)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    # Listed by the invited address, which the coordinator knows already, not by
    # the account's own name and login address.
    audit_record(
        action="coordination.invitation_accepted",
        instance=invitation,
        by=user,
        subject=user,
        about=invitation.email,
    )
    return membership


def _locked_for(invitation: Invitation, user: User) -> Invitation:
    """The open invitation, locked, when it is addressed to one of `user`'s own
    addresses; ValidationError otherwise."""
    invitation = _locked_open(invitation)
    if normalise_email(user.email) != invitation.email and not (
        EmailAddress.objects.filter(
            user=user, email__iexact=invitation.email, verified=True
        ).exists()
    ):
        raise ValidationError(_("This invitation is for another e-mail address."))
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """`user`, logged in with the invited address, joins the organisation with the
    invitation's role and teams and is enrolled in what those were assigned."""
    with transaction.atomic():
        return _accept(_locked_for(invitation, user), user)


def invitation_decline(*, invitation: Invitation, user: User) -> Invitation:
    """`user` says no: they do not join, and the coordinator sees "declined"."""
    with transaction.atomic():
        invitation = _locked_for(invitation, user)
        invitation.declined_at = timezone.now()
        invitation.save(update_fields=["declined_at"])
        audit_record(
            action="coordination.invitation_declined",
            instance=invitation,
            by=user,
            subject=user,
            about=invitation.email,
        )
    return invitation


def invitation_accept_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> User:
    """Create the account the invitation is for, with its address verified (the
    mail proved it), and make it a member with the invitation's role and teams.

    Locks the invitation, so a second submission of the same link creates nothing.
    Refuses (ValidationError) when the invitation was used or expired, or when an
    account with the address exists (that person logs in and accepts instead).
    The caller validated the password.
    """
    with transaction.atomic():
        invitation = _locked_open(invitation)
        if user_with_email(invitation.email) is not None:
            raise ValidationError(
                _("An account with this e-mail address exists. Log in to accept.")
            )
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            preferred_language=invitation.language,
        )
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
        _accept(invitation, user)
    return user
