"""Certificate templates (what a certificate says) and issued certificates (what was
given to whom, frozen at issue time)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from lms.storage import private_storage


class CertificateTemplate(index.Indexed, ClusterableModel):
    """The wording, logo and signatories of the certificates of one or more courses."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    title_nl = models.CharField(
        _("title (Dutch)"), max_length=120, default="Certificaat"
    )
    title_fr = models.CharField(
        _("title (French)"), max_length=120, default="Certificat"
    )
    body_nl = models.TextField(
        _("text (Dutch)"),
        help_text=_("Placeholders: {name}, {course}, {hours}, {organisation}, {date}."),
    )
    body_fr = models.TextField(_("text (French)"))
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    issuer = models.CharField(
        _("issued by"), max_length=200, default="Digitaal Meedoen"
    )
    study_hours = models.PositiveSmallIntegerField(
        _("study hours"),
        null=True,
        blank=True,
        help_text=_("Empty: the course's hours."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: no end date."),
    )
    courses = ParentalManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="certificate_templates",
        verbose_name=_("courses"),
        help_text=_("Completing one of these courses issues this certificate."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("courses"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("title_nl"), FieldPanel("title_fr")]),
                FieldPanel("body_nl"),
                FieldPanel("body_fr"),
            ],
            heading=_("Text"),
        ),
        FieldRowPanel([FieldPanel("issuer"), FieldPanel("logo")]),
        FieldRowPanel([FieldPanel("study_hours"), FieldPanel("validity_months")]),
        InlinePanel("signatories", label=_("Signatories"), max_num=4),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Signatory(Orderable):
    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature"),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


def certificate_upload_path(instance: "Certificate", filename: str) -> str:
    # The id is random, so the path of one certificate does not lead to another.
    return f"certificates/{instance.pk}.pdf"


class Certificate(models.Model):
    """A certificate given to a learner. Everything printed on it is frozen in `printed`
    at issue time; later edits to the course, template or user change nothing here."""

    # Not in Wagtail's reference index: thousands of certificates would make every
    # course and template "used" by them, and indexing each save costs a fifth of a
    # render.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Replaced by a newer certificate")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("course"),
    )
    test = models.ForeignKey(
        "quizzes.TestPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("certifying test"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("template"),
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next",
        verbose_name=_("replaces"),
    )
    verification_code = models.CharField(
        _("verification code"), max_length=64, unique=True
    )
    short_code = models.CharField(_("short code"), max_length=14, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    language = models.CharField(_("language"), max_length=8, default="nl")
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    printed = models.JSONField(_("printed text"), default=dict)
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_upload_path, storage=private_storage, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    reminded_at = models.DateTimeField(
        _("renewal reminder sent"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["status", "issued_at"])]

    def __str__(self) -> str:
        return f"{self.printed.get('name', '?')} – {self.printed.get('course', '?')}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def state(self) -> str:
        """What a verifier is told: pending, valid, expired, revoked or superseded."""
        if self.status == self.Status.VALID and self.is_expired:
            return "expired"
        return self.status
