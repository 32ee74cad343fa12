"""What the coordination app holds about a person, for the privacy app: invitations
to their address, reminders they got, and their rows in uploaded member lists."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.models import User
from lms.prepared import prepared_files_expire
from lms.selectors import owned_addresses
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from .models import Invitation, MemberImport, ProgressExport, ReminderDelivery

A = Treatment.ANONYMISED
E = Treatment.ERASED


class Coordination(PersonalData):
    name = "coordination"
    models = {
        "coordination.Invitation": E,
        "coordination.MemberImport": E,
        "coordination.ReminderDelivery": E,
        "coordination.ProgressExport": E,
        "coordination.Assignment": A,
    }

    def categories(self) -> list[DataCategory]:
        mails = settings.RETENTION_MAIL_LOG_DAYS
        imports = settings.RETENTION_MEMBER_IMPORT_DAYS
        return [
            DataCategory(
                title=_("Invitations and member lists"),
                what=_(
                    "Your e-mail address, name, teams and role when a coordinator "
                    "invites you or uploads a list of members with you in it."
                ),
                who_sees=_("The coordinators of that organisation."),
                kept=_(
                    "An invitation nobody accepted: until it expires (30 days) or is "
                    "declined. An uploaded list: %(days)s days."
                )
                % {"days": imports},
            ),
            DataCategory(
                title=_("Progress downloads"),
                what=_(
                    "Your name, e-mail address, teams and progress, in a progress "
                    "file of a large organisation that a coordinator asked for."
                ),
                who_sees=_("The coordinator who asked for it."),
                kept=_("%(days)s days.")
                % {"days": settings.COORDINATION_EXPORT_VALID_DAYS},
            ),
            DataCategory(
                title=_("Reminders"),
                what=_(
                    "Which reminder mails you got about assigned courses, and when."
                ),
                who_sees=_("You; your coordinators (the last reminders sent)."),
                kept=_("%(days)s days.") % {"days": mails},
            ),
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "invitations",
            [
                {
                    "organisation": i.organisation.name,
                    "role": i.role,
                    "teams": [team.name for team in i.teams.all()],
                    "invited_at": i.created_at,
                    "valid_until": i.expires_at,
                    "accepted_at": i.accepted_at,
                    "declined_at": i.declined_at,
                }
                for i in Invitation.objects.filter(email__in=owned_addresses(user))
                .select_related("organisation")
                .prefetch_related("teams")
            ],
        )
        archive.records(
            "reminders",
            [
                {
                    "rule": r.rule,
                    "organisation": r.organisation.name,
                    "about": str(r.assignment) if r.assignment else None,
                    "planned_at": r.created_at,
                    "sent_at": r.sent_at,
                }
                for r in ReminderDelivery.objects.filter(user=user).select_related(
                    "organisation", "assignment__course", "assignment__module"
                )
            ],
        )

        archive.records(
            "progress_exports",
            [
                {
                    "organisation": e.organisation.name,
                    "format": e.format,
                    "members": e.members,
                    "asked_at": e.created_at,
                    "status": e.status,
                }
                for e in ProgressExport.objects.filter(
                    requested_by=user
                ).select_related("organisation")
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        for export in ProgressExport.objects.filter(requested_by=user):
            export.file.delete(save=False)
            export.delete()
        addresses = owned_addresses(user)
        Invitation.objects.filter(email__in=addresses).delete()
        ReminderDelivery.objects.filter(user=user).delete()
        # Lists other coordinators uploaded keep their other rows.
        for member_import in MemberImport.objects.all().iterator():
            rows = [
                row
                for row in member_import.rows
                if row.get("email", "").lower() not in addresses
            ]
            if len(rows) != len(member_import.rows):
                member_import.rows = rows
                member_import.save(update_fields=["rows"])

    def retain(self, now: datetime) -> dict[str, int]:
        unused = Invitation.objects.filter(accepted_at__isnull=True).filter(
            Q(expires_at__lt=now) | Q(declined_at__isnull=False)
        )
        mails_before = now - timedelta(days=settings.RETENTION_MAIL_LOG_DAYS)
        imports_before = now - timedelta(days=settings.RETENTION_MEMBER_IMPORT_DAYS)
        return {
            "unused_invitations": unused.delete()[1].get("coordination.Invitation", 0),
            "reminder_records": ReminderDelivery.objects.filter(
                sent_at__lt=mails_before
            ).delete()[0],
            "member_imports": MemberImport.objects.filter(
                created_at__lt=imports_before
            ).delete()[0],
            "progress_exports": prepared_files_expire(
                ProgressExport,
                now=now,
                valid_days=settings.COORDINATION_EXPORT_VALID_DAYS,
            ),
        }


register(Coordination())
