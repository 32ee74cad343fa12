"""The agenda of the learning network: meetings, webinars, study days and information
sessions (`EventPage`, translatable pages under the `AgendaPage`), who registered
(`EventRegistration`, booked by the rules in `booking.services`, the same as training
sessions), and who watched a webinar's recording afterwards (`RecordingView`).

Facts (registrations, attendance, recordings watched) are kept on the Dutch source
event, whatever language the participant reads it in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from booking.models import Bookable, Booking
from events.recordings import video_seconds
from library.models import ListEntry
from lms import routing
from lms.queue import task_send

RICH = ["bold", "italic", "ol", "ul", "link"]


class EventKind(ListEntry):
    """Lerend netwerk, webinar, studiedag, infosessie… (an editable list, like the
    databank's)."""

    class Meta(ListEntry.Meta):
        verbose_name = _("kind of event")
        verbose_name_plural = _("kinds of event")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="events_kind_unique_slug"
            ),
        ]


class Region(models.TextChoices):
    """Where an event in person takes place."""

    ANTWERP = "antwerpen", _("Antwerp")
    LIMBURG = "limburg", _("Limburg")
    EAST_FLANDERS = "oost-vlaanderen", _("East Flanders")
    FLEMISH_BRABANT = "vlaams-brabant", _("Flemish Brabant")
    WEST_FLANDERS = "west-vlaanderen", _("West Flanders")
    BRUSSELS = "brussel", _("Brussels")
    WALLONIA = "wallonie", _("Wallonia")


class QuestionBlock(blocks.StructBlock):
    """A question for the participant when they register (dietary needs, organisation)."""

    label = blocks.CharBlock(label=_("question"), max_length=200)
    help_text = blocks.CharBlock(label=_("help text"), max_length=250, required=False)
    required = blocks.BooleanBlock(label=_("an answer is required"), required=False)
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=100),
        label=_("choices"),
        help_text=_("Leave empty for a free answer."),
        default=[],
    )

    class Meta:
        icon = "help"
        label = _("question")


class AgendaPage(routing.CachedViewRestrictions, Page):
    """The agenda (`/agenda/`): every event ahead, with filters, and the past ones."""

    intro = RichTextField(_("introduction"), features=RICH, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("agenda")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("events.agenda", request, self)


class EventPage(
    Bookable,
    routing.LanguageFallbackURL,
    routing.CachedViewRestrictions,
    RoutablePageMixin,
    Page,
):
    """A meeting, webinar, study day or information session on a date.

    Online (confirmed participants join through the platform's link, which leads to
    the meeting link), in person (an address, accessibility notes) or both. Registration, when open, follows the
    booking rules of training sessions. Afterwards the organiser adds the recording,
    the slides and a report, for the participants or for everyone with an account
    (`events.access.afterwards_open_to`).
    """

    class Visibility(models.TextChoices):
        PARTICIPANTS = "participants", _("Only the participants")
        EVERYONE = "everyone", _("Everyone with an account")

    kind = models.ForeignKey(
        EventKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    intro = RichTextField(_("description"), features=RICH)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    online = models.BooleanField(_("online"), default=False)
    meeting_url = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_(
            "Never shown: confirmed participants get the platform's link to join "
            "(the event's address + deelnemen/), which records their attendance and "
            "takes them here from a quarter of an hour before the start."
        ),
    )
    in_person = models.BooleanField(_("in person"), default=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    region = models.CharField(
        _("region"), max_length=20, choices=Region.choices, blank=True
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        max_length=1000,
        help_text=_("Step-free access, hearing loop, parking, public transport…"),
    )
    network = models.ForeignKey(
        "network.NetworkPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("learning network"),
        help_text=_("The network that organises it, if any."),
    )
    organisers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organisers"),
        help_text=_("They see the participant list and record attendance."),
    )
    registration_open = models.BooleanField(_("registration"), default=True)
    capacity = models.PositiveIntegerField(_("places"), default=50)
    registration_deadline = models.DateTimeField(_("registration deadline"))
    questions = StreamField(
        [("question", QuestionBlock())],
        blank=True,
        verbose_name=_("questions for the participants"),
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Everyone registered is mailed when you publish this."),
    )
    # Part of a course: attending it, or watching its recording and answering the
    # reflection question, is one of the course's requirements.
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("part of the course"),
        help_text=_(
            "A webinar of a course: learners must attend it, or watch its recording "
            "to the end and answer the reflection question."
        ),
    )
    reflection_question = models.CharField(
        _("reflection question"),
        max_length=300,
        blank=True,
        help_text=_("Asked of who watches the recording instead of attending."),
    )
    # Afterwards.
    recording = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recording (video file)"),
        help_text=_("An MP4 or WebM file."),
    )
    # Read from the video when the event is published (or first watched): what the
    # 90% rule of the reflection measures against (`events.attendance`).
    recording_seconds = models.PositiveIntegerField(
        _("length of the recording (seconds)"), null=True, blank=True, editable=False
    )
    recording_title = models.CharField(_("recording title"), max_length=200, blank=True)
    transcript = RichTextField(_("transcript"), features=RICH, blank=True)
    slides = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("slides"),
    )
    report = RichTextField(_("report"), features=RICH, blank=True)
    afterwards_visible_to = models.CharField(
        _("recording, slides and report are for"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PARTICIPANTS,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldRowPanel(
            [FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")
        ),
        MultiFieldPanel(
            [
                FieldPanel("online"),
                FieldPanel("meeting_url"),
                FieldPanel("in_person"),
                FieldPanel("address"),
                FieldPanel("region"),
                FieldPanel("accessibility"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldPanel("capacity"),
                FieldPanel("registration_deadline"),
                FieldPanel("questions"),
                FieldPanel("cancelled"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("network"), FieldPanel("organisers")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("course"), FieldPanel("reflection_question")],
            heading=_("Part of a course"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recording"),
                FieldPanel("recording_title"),
                FieldPanel("transcript"),
                FieldPanel("slides"),
                FieldPanel("report"),
                FieldPanel("afterwards_visible_to"),
            ],
            heading=_("Afterwards"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.FilterField("starts_at"),
    ]
    override_translatable_fields = [
        SynchronizedField("starts_at", overridable=False),
        SynchronizedField("ends_at", overridable=False),
        SynchronizedField("registration_deadline", overridable=False),
        SynchronizedField("capacity", overridable=False),
        SynchronizedField("meeting_url", overridable=False),
    ]
    parent_page_types = ["events.AgendaPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=models.F("starts_at")),
                name="event_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(online=True) | Q(in_person=True),
                name="event_online_or_in_person",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not self.online and not self.in_person:
            errors["online"] = _("An event is online, in person or both.")
        if self.in_person and not self.address:
            errors["address"] = _("Give the address of an event in person.")
        if self.online and not self.meeting_url:
            errors["meeting_url"] = _("Give the meeting link of an online event.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end comes after the start.")
        if (
            self.starts_at
            and self.registration_deadline
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _(
                "Registration closes before the event starts."
            )
        if self.recording_id:
            try:
                with self.recording.file.open("rb") as file:
                    video_seconds(file)
            except ValidationError as error:
                errors["recording"] = error.messages
            except OSError:
                errors["recording"] = _("The recording's file cannot be read.")
        if errors:
            raise ValidationError(errors)

    # The booking engine's questions (`booking.models.Bookable`).
    @property
    def booking_cancelled(self) -> bool:
        return self.cancelled or not self.registration_open

    def booking_notice(self, booking_id: int, kind: str) -> None:
        task_send("events.tasks.send_event_notice", booking_id, kind)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("events.event", request, self)

    @path("inschrijven/", name="register")
    def register(self, request):
        return routing.serve("events.register", request, self)

    @path("uitschrijven/", name="cancel")
    def cancel(self, request):
        return routing.serve("events.cancel", request, self)

    @path("deelnemen/", name="join")
    def join(self, request):
        return routing.serve("events.join", request, self)

    @path("opname/", name="recording")
    def watch(self, request):
        return routing.serve("events.recording", request, self)

    @path("opname/video/", name="recording_file")
    def recording_file(self, request):
        return routing.serve("events.recording_file", request, self)

    @path("deelnemers/", name="participants")
    def participants(self, request):
        return routing.serve("events.participants", request, self)

    # Not "event.ics": Wagtail serves only paths of words and slashes (no dot). The
    # response names the file "<slug>.ics".
    @path("kalender/", name="ics")
    def ics(self, request):
        return routing.serve("events.ics", request, self)


class EventRegistration(Booking):
    """A person's place in an event, or on its waiting list, with their answers to
    the organiser's questions. Always on the Dutch source event."""

    class AttendedVia(models.TextChoices):
        ORGANISER = "organiser", _("Marked by the organiser")
        LINK = "link", _("Joined through the platform's link")

    bookable_field = "event"

    event = models.ForeignKey(
        EventPage,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("participant"),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    attended_via = models.CharField(
        _("attendance recorded"),
        max_length=20,
        choices=AttendedVia.choices,
        blank=True,
    )
    attended_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    # Set when the mail that the event is cancelled is queued: publishing the
    # cancelled event again (or its translation) mails nobody twice.
    told_cancelled_at = models.DateTimeField(
        _("told of the cancellation at"), null=True, blank=True
    )

    class Meta(Booking.Meta):
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="event_registration_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event_id} ({self.status})"


EventPage.booking_model = EventRegistration


class RecordingView(models.Model):
    """Someone watched an event's recording to the end and answered its reflection
    question: for a webinar of a course, this counts as attending."""

    event = models.ForeignKey(
        EventPage,
        on_delete=models.CASCADE,
        related_name="recording_views",
        verbose_name=_("event"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recording_views",
        verbose_name=_("viewer"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    watched_at = models.DateTimeField(_("watched to the end at"), null=True, blank=True)
    reflection = models.TextField(_("reflection"), blank=True, max_length=3000)

    class Meta:
        verbose_name = _("recording watched")
        verbose_name_plural = _("recordings watched")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="recording_view_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event_id}"
