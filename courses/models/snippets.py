from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Audience(models.TextChoices):
    COUNTER_STAFF = "counter_staff", _("Counter staff")
    DIGIHELPERS = "digihelpers", _("Digihelpers")
    TRAINERS = "trainers", _("Trainers")


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class DigitalService(TranslatableMixin, index.Indexed, models.Model):
    """A digital government service a module centres on ("app focus"): CSAM, itsme…

    A snippet rather than a fixed list, so editors add a new service without a deploy.
    Translatable: a French module points at the service's French version (its own
    website and description), made with the module's translation.
    """

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"))
    website = models.URLField(_("website"), blank=True)
    description = models.CharField(_("description"), max_length=250, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("digital service")
        verbose_name_plural = _("digital services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"], name="digital_service_unique_name"
            ),
            models.UniqueConstraint(
                fields=["locale", "slug"], name="digital_service_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name
