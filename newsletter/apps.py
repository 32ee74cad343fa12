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
        from django.db.models.signals import post_save

        from lms.models import User
        from newsletter import views  # noqa: F401

        from .receivers import account_saved

        # An account's subscription follows the account's address.
        post_save.connect(
            account_saved, sender=User, dispatch_uid="newsletter.account_saved"
        )
