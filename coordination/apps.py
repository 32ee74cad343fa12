from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """What coordinators of an organisation do: teams' assignments, invitations,
    reminders, the progress view with its exports, and follow-up moments.

    It sits near the top of the app order (docs/architecture.md), below only `demo`,
    because the progress view reads courses, tests, sessions and certificates alike.
    """

    name = "coordination"
    label = "coordination"
    verbose_name = _("Coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.checks import register
        from django.db.models.signals import m2m_changed, post_save

        from lms.models import Membership
        from lms.signals import join_request_ready

        from .checks import mail_records_outlive_reminders
        from .receivers import (
            join_request_waiting,
            membership_saved,
            membership_teams_changed,
        )

        post_save.connect(
            membership_saved, sender=Membership, dispatch_uid="coordination.joined"
        )
        m2m_changed.connect(
            membership_teams_changed,
            sender=Membership.teams.through,
            dispatch_uid="coordination.teams",
        )
        register(mail_records_outlive_reminders)
        join_request_ready.connect(
            join_request_waiting, dispatch_uid="coordination.join_request_waiting"
        )
