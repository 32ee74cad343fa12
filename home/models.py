"""The site's root and its plain pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentStreamBlock
from .storage import document_storage


class HomePage(Page):
    """The root of the site: a welcome and the way into the catalogue."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"])
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
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


class SiteDocument(AbstractDocument):
    """The site's documents, stored privately: a file is only ever handed out by
    Wagtail's document view, so a trainers-only kit cannot leak by a media URL."""

    file = models.FileField(
        upload_to="documents", storage=document_storage, verbose_name=_("file")
    )

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
