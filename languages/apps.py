from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    name = "languages"
    label = "languages"
    verbose_name = _("Languages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The locales feed cached values (which page is a source): a new one starts a
        # new generation. Imported here: models exist once the registry is ready.
        from wagtail.models import Locale

        from lms.content_cache import CONTENT

        CONTENT.watch(Locale)
