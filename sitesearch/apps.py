from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    name = "sitesearch"
    label = "sitesearch"
    verbose_name = _("Search across the site")
