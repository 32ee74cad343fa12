from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Audience(models.TextChoices):
    COUNTER_STAFF = "counter_staff", _("Counter staff")
    DIGIHELPERS = "digihelpers", _("Digihelpers")
    TRAINERS = "trainers", _("Trainers")


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class DigitalService(index.Indexed, models.Model):
    """A digital government service a module centres on ("app focus"): CSAM, itsme…

    A snippet rather than a fixed list, so editors add a new service without a deploy.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    website = models.URLField(_("website"), blank=True)
    description = models.CharField(_("description"), max_length=250, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("digital service")
        verbose_name_plural = _("digital services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
