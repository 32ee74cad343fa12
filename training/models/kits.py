"""Trainer kits: the scripts ("draaiboeken"), presentations and handouts a trainer needs
to give a course, as a page under the course, and the state around them (downloads,
which material changed when, the zip of the whole kit)."""

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from lms import routing
from lms.storage import private_storage


class TrainerKitPage(Page):
    """A kit of materials for one course; public or for trainers only."""

    intro = RichTextField(
        _("introduction"), features=["bold", "italic", "ol", "ul", "link"]
    )
    trainers_only = models.BooleanField(
        _("for trainers only"),
        default=True,
        help_text=_(
            "Only people with the trainer role in an organisation can open the kit "
            "and download its files."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("trainers_only"),
        InlinePanel("materials", label=_("Materials"), min_num=1),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("trainer kit")

    # Who may open the kit, and its state, are training.kits.views' (lms.routing).
    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return routing.serve("training.kit", request, self)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("training.kit_context", request, self)


class KitMaterial(Orderable):
    """One file of a kit, with what kind of file it is, its language and version."""

    class Kind(models.TextChoices):
        SCRIPT = "script", _("Script (draaiboek)")
        PRESENTATION = "presentation", _("Presentation")
        HANDOUT = "handout", _("Handout")
        EXERCISE = "exercise", _("Exercise")
        VIDEO = "video", _("Video")

    kit = ParentalKey(
        TrainerKitPage, on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=150)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    version = models.CharField(_("version"), max_length=20, default="1.0")
    changes = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("For trainers who downloaded an earlier version."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("document"),
        FieldPanel("kind"),
        FieldPanel("language"),
        FieldPanel("version"),
        FieldPanel("changes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class MaterialStamp(models.Model):
    """When a material last changed (its file, file contents or version).

    Kept out of the page's revisions on purpose: publishing a kit rewrites its
    materials, so only a comparison of fingerprints says what really changed.
    """

    material = models.OneToOneField(
        KitMaterial,
        on_delete=models.CASCADE,
        related_name="stamp",
        verbose_name=_("material"),
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("material change")
        verbose_name_plural = _("material changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.material_id} @ {self.changed_at:%Y-%m-%d}"


class KitDownload(models.Model):
    """A trainer downloaded one material, or the whole kit (`material` empty)."""

    kit = models.ForeignKey(
        TrainerKitPage,
        on_delete=models.CASCADE,
        related_name="downloads",
        verbose_name=_("kit"),
    )
    material = models.ForeignKey(
        KitMaterial,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="downloads",
        verbose_name=_("material"),
    )
    # Download counts include people whose account was erased since.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="kit_downloads",
        verbose_name=_("user"),
    )
    # The same random mark on the downloads of one erased person: counts of people
    # stay right, and it leads to nobody.
    erased_person = models.UUIDField(_("erased person"), null=True, editable=False)
    downloaded_at = models.DateTimeField(_("downloaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("kit download")
        verbose_name_plural = _("kit downloads")
        ordering = ["-downloaded_at"]
        indexes = [models.Index(fields=["user", "kit", "-downloaded_at"])]

    def __str__(self) -> str:
        return f"{self.user} ↓ {self.kit_id}/{self.material_id or 'zip'}"


class KitBundle(models.Model):
    """The zip of a whole kit for one fingerprint of its materials; built by a task and
    kept until a material changes."""

    kit = models.ForeignKey(
        TrainerKitPage,
        on_delete=models.CASCADE,
        related_name="bundles",
        verbose_name=_("kit"),
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    file = models.FileField(
        _("zip file"), storage=private_storage, upload_to="kits", blank=True
    )
    size = models.PositiveBigIntegerField(_("size"), default=0)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("kit zip")
        verbose_name_plural = _("kit zips")
        ordering = ["-built_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kit", "fingerprint"], name="kit_bundle_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kit_id}:{self.fingerprint[:8]}"
