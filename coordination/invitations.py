"""Inviting people into an organisation by e-mail, and accepting the invitation.

The invitation link carries a random token; only its SHA-256 is stored, so a copy of
the database lets no one in. A person who already has an account needs no link: they
join at once and get a short "you were added" mail. Mails go out through Celery after
the commit, in the invitation's language (or the member's own).
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

from lms.links import absolute_url
from lms.models import Membership, Organisation, Team, User
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
    teams (two queries when evaluated). Expired ones are included: the page says so."""
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
) -> Invitation | Membership:
    """Invite `email` into `organisation` with this role and these teams.

    - A person with an account joins at once (and is enrolled in what their teams
      were assigned); they get a short mail. Returns the new Membership.
    - A person who is already a member is refused (ValidationError on "email").
    - Anyone else gets an Invitation, valid for 30 days, mailed after the commit.
      Inviting an address with an open invitation again replaces its token and
      mails it again (the old link stops working). Returns the Invitation.

    `language` is the language of the invitation mail (the site's default when
    empty). Raises ValidationError for a bad address, role or team.
    """
    from .tasks import send_invitation, send_membership_added

    email = normalise_email(email)
    teams = list(teams)
    _check(organisation=organisation, email=email, role=role, teams=teams)
    languages = dict(settings.LANGUAGES)
    language = language[:2] if language[:2] in languages else settings.LANGUAGE_CODE
    with transaction.atomic():
        user = user_with_email(email)
        if user is not None:
            if Membership.objects.filter(user=user, organisation=organisation).exists():
                raise ValidationError(
                    {
                        "email": _("%(email)s is already a member of %(name)s.")
                        % {"email": email, "name": organisation.name}
                    }
                )
            membership = membership_join(
                user=user, organisation=organisation, role=role
            )
            membership_set_teams(membership=membership, teams=teams)
            # An invitation still open for the address is now pointless: its link
            # would only say "already a member".
            Invitation.objects.filter(
                organisation=organisation, email=email, accepted_at__isnull=True
            ).delete()
            transaction.on_commit(lambda: send_membership_added.delay(membership.pk))
            return membership

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
        invitation.save()
        invitation.teams.set(teams)
        transaction.on_commit(lambda: send_invitation.delay(invitation.pk, token))
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
                    "url": invitation_url(token),
                },
            )
        send_mail(subject, body, None, [invitation.email])
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def membership_added_send(*, membership_id: int) -> bool:
    """Tell a person with an account that a coordinator added them to an
    organisation; False when the membership no longer exists."""
    membership = (
        Membership.objects.select_related("user", "organisation")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        return False
    user = membership.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = _("You were added to %(name)s") % {
            "name": membership.organisation.name
        }
        body = render_to_string(
            "email/membership_added.txt",
            {
                "user": user,
                "membership": membership,
                "organisation": membership.organisation,
                "url": absolute_url(reverse("courses:dashboard")),
            },
        )
    send_mail(subject, body, None, [user.email])
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
    return membership


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """`user`, logged in with the invited address, joins the organisation with the
    invitation's role and teams and is enrolled in what those were assigned."""
    with transaction.atomic():
        invitation = _locked_open(invitation)
        if normalise_email(user.email) != invitation.email and not (
            EmailAddress.objects.filter(
                user=user, email__iexact=invitation.email, verified=True
            ).exists()
        ):
            raise ValidationError(_("This invitation is for another e-mail address."))
        return _accept(invitation, user)


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
