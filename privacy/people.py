"""The personal data of the layers below the apps: the account and its addresses,
memberships and requests to join, log-in records, sessions, the admin's logs and the
person's own requests here. The privacy app registers this provider first, so an
erasure handles it last, just before the account row goes."""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from audit.models import ERASED_LABEL, AuditLogEntry
from lms.models import JoinRequest, User
from lms.selectors import owned_addresses

from .archive import ExportArchive
from .erasure import Erasure
from .models import DataExport
from .registry import DataCategory, PersonalData, Treatment

A = Treatment.ANONYMISED
E = Treatment.ERASED


class People(PersonalData):
    name = "people"
    models = {
        # The account, its addresses and rights, deleted with it.
        "lms.User": E,
        "lms.User_groups": E,
        "lms.User_user_permissions": E,
        "account.EmailAddress": E,
        "lms.Membership": E,
        "lms.Organisation": E,  # its `members` go through Membership
        "lms.JoinRequest": E,
        "privacy.DataExport": E,
        "privacy.ErasureRequest": E,
        # Log-in records hold the address as login name.
        "axes.AccessAttempt": E,
        "axes.AccessFailureLog": E,
        "axes.AccessLog": E,
        "sessions.Session": E,
        # The Wagtail admin: an editor's profile and work in progress go; what they
        # made (pages, revisions, documents, images) stays without their name.
        "wagtailusers.UserProfile": E,
        "wagtailadmin.EditingSession": E,
        "wagtailadmin.FormState": E,
        "wagtailcore.APIToken": E,
        "wagtailcore.Comment": E,
        "wagtailcore.CommentReply": E,
        "wagtailcore.PageSubscription": E,
        "wagtailcore.Page": A,
        "wagtailcore.Revision": A,
        "wagtailcore.WorkflowState": A,
        "wagtailcore.TaskState": A,
        "wagtailcore.UploadedFile": A,
        "wagtaildocs.Document": A,
        "wagtailimages.Image": A,
        # Logs keep what happened, naming nobody who was erased.
        "wagtailcore.ModelLogEntry": A,
        "wagtailcore.PageLogEntry": A,
        "audit.AuditLogEntry": A,
    }

    def categories(self) -> list[DataCategory]:
        days = settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS
        return [
            DataCategory(
                title=_("Your account"),
                what=_(
                    "Your name, e-mail address, language, the organisations and "
                    "teams you belong to, and your requests to join one."
                ),
                who_sees=_(
                    "You; the coordinators of the organisations you are a member "
                    "of; the platform's administrators."
                ),
                kept=_(
                    "As long as you have an account. An account whose e-mail "
                    "address was never confirmed is erased after %(days)s days."
                )
                % {"days": days},
            ),
            DataCategory(
                title=_("Log-ins"),
                what=_(
                    "When you logged in, and failed log-ins, with the internet address "
                    "and browser: to stop people guessing passwords."
                ),
                who_sees=_("The platform's administrators."),
                kept=_("%(days)s days.") % {"days": settings.RETENTION_LOGIN_LOG_DAYS},
            ),
            DataCategory(
                title=_("Log of actions on people"),
                what=_(
                    "What coordinators and administrators did concerning people "
                    "(invitations, approvals, team changes, assignments, exports, "
                    "certificates revoked, accounts erased), with who did it, when "
                    "and from which internet address."
                ),
                who_sees=_(
                    "The platform's administrators; coordinators, for their own "
                    "organisation."
                ),
                kept=_(
                    "As long as the platform runs. When your account is erased, your "
                    "name and address are removed from it."
                ),
            ),
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "profile",
            [
                {
                    "email": user.email,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "preferred_language": user.preferred_language,
                    "forum_mail": user.forum_mail,
                    "date_joined": user.date_joined,
                    "last_login": user.last_login,
                }
            ],
        )
        archive.records(
            "email_addresses",
            list(
                EmailAddress.objects.filter(user=user).values(
                    "email", "verified", "primary"
                )
            ),
        )
        memberships = user.memberships.select_related("organisation").prefetch_related(
            "teams"
        )
        archive.records(
            "memberships",
            [
                {
                    "organisation": m.organisation.name,
                    "role": m.role,
                    "teams": [team.name for team in m.teams.all()],
                    "member_since": m.created_at,
                }
                for m in memberships
            ],
        )
        archive.records(
            "join_requests",
            [
                {
                    "organisation": r.organisation.name,
                    "status": r.status,
                    "asked_at": r.created_at,
                    "decided_at": r.decided_at,
                }
                for r in JoinRequest.objects.filter(user=user).select_related(
                    "organisation"
                )
            ],
        )
        entries = AuditLogEntry.objects.filter(subject=user).select_related(
            "organisation"
        )
        # What was done concerning the person, and where; not who did it (that is
        # someone else's data) nor from which address.
        archive.records(
            "actions_concerning_you",
            [
                {
                    "when": e.timestamp,
                    "what": str(e.message),
                    "organisation": e.organisation.name if e.organisation else None,
                }
                for e in entries
            ],
        )
        archive.records(
            "log_ins",
            list(
                AccessLog.objects.filter(username=user.email).values(
                    "attempt_time", "logout_time", "ip_address", "user_agent"
                )
            ),
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        addresses = owned_addresses(user)
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__in=addresses).delete()
        _sessions_delete(user)
        # Locked: a download being finished now waits, and its file is seen here.
        for export in DataExport.objects.select_for_update().filter(user=user):
            erasure.delete_file(export.file)
        for profile in UserProfile.objects.filter(user=user):
            erasure.delete_file(profile.avatar)
        # Labelled with one of their addresses, alone or after their name; never a
        # longer address that merely contains theirs.
        about_them = Q(subject=user)
        for address in addresses:
            about_them |= Q(label__iexact=address) | Q(label__iendswith=f"<{address}>")
        AuditLogEntry.objects.filter(about_them).update(
            label=ERASED_LABEL, subject=None
        )
        AuditLogEntry.objects.filter(user=user).update(
            user=None, ip_address=None, actor_erased=True
        )
        user_type = ContentType.objects.get_for_model(User)
        for model in (ModelLogEntry, PageLogEntry):
            model.objects.filter(user=user).update(user=None)
        for model in (ModelLogEntry, AuditLogEntry):
            model.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
                label=ERASED_LABEL, object_id=""
            )

    def retain(self, now: datetime) -> dict[str, int]:
        logins_before = now - timedelta(days=settings.RETENTION_LOGIN_LOG_DAYS)
        login_logs = sum(
            model.objects.filter(attempt_time__lt=logins_before).delete()[0]
            for model in (AccessLog, AccessFailureLog)
        )
        sessions = Session.objects.filter(expire_date__lt=now).delete()[0]
        return {"login_logs": login_logs, "expired_sessions": sessions}


def _sessions_delete(user: User) -> None:
    """End every session of `user`: the rows hold their id. Sessions last 30 minutes,
    so there are few to read."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session.session_key).delete()
