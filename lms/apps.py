from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    label = "lms"
    verbose_name = _("People and organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from . import receivers

        email_confirmed.connect(
            receivers.join_requests_on_email_confirmed,
            dispatch_uid="lms.join_requests_on_email_confirmed",
        )
