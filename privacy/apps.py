from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's data: what each app holds (its `privacy` module), the download of
    it, the erasure of an account, retention, and the privacy page's figures.

    It sits just above `lms` and `audit`, so every app above can register a provider
    without the privacy app importing them.
    """

    name = "privacy"
    label = "privacy"
    verbose_name = _("Personal data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .people import People
        from .registry import register

        # The layers below the apps first; then each app's `privacy` module.
        register(People())
        autodiscover_modules("privacy")
