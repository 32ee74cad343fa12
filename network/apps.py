from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    label = "network"
    verbose_name = _("Learning networks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The pages reach their views by name (lms.routing): register them.
        from . import views  # noqa: F401
