"""The databank digitale inclusie: lesson material, manuals, videos and good practices
that the field shares, described by editable lists (types, target groups, themes).

An item is public only once an editor published it. Items and lists are translatable
(wagtail-localize); facts about an item (favourites, its submitter) stay on the item
that was starred or submitted, and lists are matched across languages by their slug.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from courses.models import Level


class ListEntry(TranslatableMixin, models.Model):
    """One value of an editable list: a name per language, one slug for all of them
    (the slug is what a shared URL filters on)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


def _unique_per_locale(name: str) -> list[models.UniqueConstraint]:
    return [
        models.UniqueConstraint(fields=["locale", "slug"], name=f"{name}_unique_slug"),
        models.UniqueConstraint(fields=["locale", "name"], name=f"{name}_unique_name"),
    ]


class ItemType(ListEntry):
    """Handleiding, lesmateriaal, video, oefening…"""

    class Meta(ListEntry.Meta):
        verbose_name = _("material type")
        verbose_name_plural = _("material types")
        constraints = _unique_per_locale("library_type")


class TargetGroup(ListEntry):
    """Iedereen, senioren, anderstaligen…"""

    class Meta(ListEntry.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = _unique_per_locale("library_target_group")


class Theme(ListEntry):
    """itsme, CSAM, My eBox, smartphone…"""

    class Meta(ListEntry.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = _unique_per_locale("library_theme")


class MaterialLanguage(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    MULTILINGUAL = "multi", _("Several languages")


class Licence(models.TextChoices):
    CC_BY = "cc-by", _("Creative Commons Attribution (CC BY)")
    CC_BY_SA = "cc-by-sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA)")
    CC_BY_NC = "cc-by-nc", _("Creative Commons Attribution-NonCommercial (CC BY-NC)")
    CC_BY_NC_SA = (
        "cc-by-nc-sa",
        _("Creative Commons Attribution-NonCommercial-ShareAlike (CC BY-NC-SA)"),
    )
    CC0 = "cc0", _("Public domain (CC0)")
    USE_ONLY = "use-only", _("Free to use, not to change (all rights reserved)")


class LibraryItemAdminForm(WagtailAdminModelForm):
    """An editor's item leads to something: a file, a link, a video or an exercise
    (an item of a public kit leads to the kit)."""

    def clean(self):
        cleaned = super().clean()
        fields = ("document", "link", "video_url", "h5p_activity")
        if not any(cleaned.get(name) for name in fields) and not self.instance.kit_id:
            raise ValidationError(
                _("Give one of: a file, an external link, a video or an H5P exercise.")
            )
        return cleaned


class LibraryItem(TranslatableMixin, index.Indexed, ClusterableModel):
    """One piece of material: a file, an external link, a video, an H5P exercise, or
    a public trainer kit (kept in step with the kit by `library.receivers`)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for moderation")
        CHANGES_REQUESTED = "changes", _("Changes requested")
        REFUSED = "refused", pgettext_lazy("material", "Refused")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), max_length=1000)
    keywords = models.CharField(
        _("keywords"),
        max_length=250,
        blank=True,
        help_text=_("Words people may search for, separated by commas."),
    )
    organisation = models.CharField(_("publishing organisation"), max_length=120)
    type = models.ForeignKey(
        ItemType,
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="items"
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), related_name="items", blank=True
    )
    language = models.CharField(
        _("language of the material"),
        max_length=8,
        choices=MaterialLanguage.choices,
        default=MaterialLanguage.DUTCH,
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.BASIC
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    published_on = models.DateField(_("publication date"), default=timezone.localdate)

    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    link = models.URLField(_("external link"), max_length=500, blank=True)
    video_url = models.URLField(
        _("video"),
        max_length=500,
        blank=True,
        help_text=_("The address of the video (for example on YouTube or Vimeo)."),
    )
    h5p_activity = models.ForeignKey(
        "h5p.H5PActivity",
        verbose_name=_("H5P exercise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"open_to_all": True},
        help_text=_("Only exercises marked “open to everyone” can be chosen."),
    )
    kit = models.ForeignKey(
        "training.TrainerKitPage",
        verbose_name=_("trainer kit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_submissions",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, editable=False)
    sharing_confirmed_at = models.DateTimeField(
        _("sharing confirmed at"), null=True, editable=False
    )
    moderation_message = models.TextField(
        _("message to the submitter"), blank=True, editable=False
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    link_checked_at = models.DateTimeField(
        _("link checked at"), null=True, editable=False
    )
    link_broken_since = models.DateTimeField(
        _("link broken since"), null=True, editable=False
    )
    link_problem = models.CharField(
        _("link problem"), max_length=120, blank=True, editable=False
    )

    base_form_class = LibraryItemAdminForm
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("keywords"),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("type"), FieldPanel("language")]),
        FieldPanel("target_groups"),
        FieldPanel("themes"),
        FieldRowPanel(
            [FieldPanel("level"), FieldPanel("licence"), FieldPanel("published_on")]
        ),
        MultiFieldPanel(
            [
                FieldPanel("document"),
                FieldPanel("link"),
                FieldPanel("video_url"),
                FieldPanel("h5p_activity"),
            ],
            heading=_("The material: one of a file, a link, a video or an exercise"),
        ),
        FieldPanel("status"),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("keywords", boost=2),
        index.SearchField("description"),
        index.SearchField("organisation"),
        index.FilterField("status"),
        index.FilterField("locale_id"),
    ]
    override_translatable_fields = [
        SynchronizedField("organisation"),
        SynchronizedField("link"),
        SynchronizedField("video_url"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["-published_on", "title"]
        indexes = [
            models.Index(
                fields=["status", "locale", "published_on"],
                name="library_item_listing",
            ),
            models.Index(fields=["organisation"], name="library_item_organisation"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:item", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        given = [
            bool(self.document_id),
            bool(self.link),
            bool(self.video_url),
            bool(self.h5p_activity_id),
            bool(self.kit_id),
        ]
        # At least one is the forms' to ask: a shared file is stored after the check.
        if sum(given) > 1:
            raise ValidationError(
                _("Give one of: a file, an external link, a video or an H5P exercise.")
            )

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def external_url(self) -> str:
        """The address outside the platform that the item leads to, if any."""
        return self.link or self.video_url


class Favourite(models.Model):
    """A person keeps an item under "Mijn favorieten"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        LibraryItem, on_delete=models.CASCADE, related_name="favourites"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="favourite_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ☆ {self.item_id}"
