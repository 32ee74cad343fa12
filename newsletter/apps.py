from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The views register the pages' routes and the live blocks' contents
        # (lms.routing); they import models, so only once the app registry is ready.
        from newsletter import views  # noqa: F401
