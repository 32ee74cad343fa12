"""Learning networks ("Lerend netwerk e-inclusie", the regional network "Westkust"):
a page each (translatable, under the `NetworkIndexPage`), who is a member, and who
moderates the joining.

Memberships are kept on the Dutch source network, whatever language a member reads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from lms import routing

RICH = ["bold", "italic", "ol", "ul", "link"]


class NetworkIndexPage(routing.CachedViewRestrictions, Page):
    """The list of learning networks (`/netwerken/`)."""

    intro = RichTextField(_("introduction"), features=RICH, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["network.NetworkPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("learning networks")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("network.index", request, self)


class NetworkPage(
    routing.LanguageFallbackURL, routing.CachedViewRestrictions, RoutablePageMixin, Page
):
    """A learning network: its purpose, member organisations, forum, events and the
    databank's material for it."""

    class Joining(models.TextChoices):
        OPEN = "open", _("Open: anyone with an account joins at once")
        APPROVAL = "approval", _("With approval by the network's moderators")

    purpose = RichTextField(_("purpose"), features=RICH)
    joining = models.CharField(
        _("joining"), max_length=20, choices=Joining.choices, default=Joining.OPEN
    )
    organisations = ParentalManyToManyField(
        "lms.Organisation",
        blank=True,
        related_name="networks",
        verbose_name=_("member organisations"),
    )
    moderators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_networks",
        verbose_name=_("moderators"),
        help_text=_("They approve who asks to join."),
    )
    forum = models.ForeignKey(
        "forums.Forum",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forum"),
    )
    library_theme = models.ForeignKey(
        "library.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("databank theme"),
        help_text=_("The network's page shows the databank's material on this theme."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("purpose"),
        MultiFieldPanel(
            [
                FieldPanel("joining"),
                FieldPanel("moderators"),
                FieldPanel("organisations"),
            ],
            heading=_("Members"),
        ),
        FieldPanel("forum"),
        FieldPanel("library_theme"),
    ]
    parent_page_types = ["network.NetworkIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("network.network", request, self)

    @path("lid-worden/", name="join")
    def join(self, request):
        return routing.serve("network.join", request, self)

    @path("verlaten/", name="leave")
    def leave(self, request):
        return routing.serve("network.leave", request, self)


class NetworkMember(models.Model):
    """A person in a network, or asking to be. Members see each other's name and
    organisation only when they chose to be visible."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Asked to join")
        MEMBER = "member", _("Member")
        REFUSED = "refused", _("Not admitted")

    network = models.ForeignKey(
        NetworkPage,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("network"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_memberships",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    visible = models.BooleanField(
        _("visible to the other members"),
        default=False,
        help_text=_("Other members see your name and organisation."),
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"], name="network_member_once"
            )
        ]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self) -> str:
        return f"{self.user} ∈ {self.network_id} ({self.status})"
