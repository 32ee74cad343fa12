from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo site: every app's demo content, put together in the right order."""

    name = "demo"
    label = "demo"
    verbose_name = _("Demo site")
