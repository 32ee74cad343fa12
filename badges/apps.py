from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "badges"
    label = "badges"
    verbose_name = _("Open Badges")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from certificates.signals import certificate_valid, certificate_withdrawn

        from . import checks, receivers  # noqa: F401 - checks registers the key checks

        certificate_valid.connect(
            receivers.issue_on_certificate_valid, dispatch_uid="badges.issue"
        )
        certificate_withdrawn.connect(
            receivers.revoke_on_certificate_withdrawn, dispatch_uid="badges.revoke"
        )
