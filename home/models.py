"""The site's root and its plain pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.routing import CachedViewRestrictions
from privacy.registry import providers

from .blocks import ContentStreamBlock
from .front_page.blocks import HomeStreamBlock
from .storage import document_storage


class HomePage(CachedViewRestrictions, Page):
    """The root of the site and its front door: what the platform is for, the
    courses, a learner's next step, the sessions to come and how a municipality
    starts, each a block the editors place (`home.front_page.blocks`)."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"])
    body = StreamField(HomeStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(CachedViewRestrictions, Page):
    """About, privacy, accessibility statement: text pages under the home page."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class PrivacyPage(CachedViewRestrictions, Page):
    """The privacy statement (`/privacy/`): the editors' text (who is responsible,
    the legal basis, how to reach the data protection officer) around what the
    platform itself knows it keeps: every kind of personal data, who sees it and for
    how long, read from the apps' privacy providers, so it cannot go out of date."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("privacy page")

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = [
            category for provider in providers() for category in provider.categories()
        ]
        return context


class SiteDocument(AbstractDocument):
    """The site's documents, stored privately: a file is only ever handed out by
    Django after `home.selectors.document_may_download`, never by a media URL."""

    file = models.FileField(
        upload_to="documents", storage=document_storage, verbose_name=_("file")
    )

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
