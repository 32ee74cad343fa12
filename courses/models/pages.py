"""The course content tree: catalogue → course → module → lesson.

Pages hold content only and route each request to a view of `courses.views` (through
`lms.routing`, so that this module imports no views). Who is enrolled and how far they
got lives in `courses.models.progress`.
"""

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LearningGoalBlock, LessonSectionBlock
from courses.models.snippets import Audience, Level
from lms import routing


class CourseIndexPage(routing.CachedViewRestrictions, Page):
    """The catalogue ("Opleidingen"): every published course, filtered by audience and level."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("courses.catalogue", request, self)


class Pictogram(models.TextChoices):
    """The drawings a course card can show: `static/img/pictograms/<value>.svg`."""

    COUNTER = "counter", _("A counter with a citizen")
    CONVERSATION = "conversation", _("Two people talking")
    HELPER = "helper", _("Someone helping with a smartphone")
    TRAINER = "trainer", _("A trainer at a flip chart")
    SMARTPHONE = "smartphone", _("A smartphone")


#: The pictogram of a course whose editors chose none.
AUDIENCE_PICTOGRAMS = {
    Audience.COUNTER_STAFF: Pictogram.COUNTER,
    Audience.DIGIHELPERS: Pictogram.HELPER,
    Audience.TRAINERS: Pictogram.TRAINER,
}


class CoursePage(
    routing.LanguageFallbackURL, routing.CachedViewRestrictions, RoutablePageMixin, Page
):
    """A course (Connectoo, Connectoo+, Digihelper…): modules followed in order."""

    intro = RichTextField(
        _("introduction"), features=["bold", "italic", "ol", "ul", "link"]
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    study_hours = models.PositiveSmallIntegerField(
        _("study hours"), help_text=_("How many hours a learner needs, roughly.")
    )
    requires_attendance = models.BooleanField(
        _("requires attending a session"),
        default=False,
        help_text=_(
            "The course is complete only after the learner attended one of its "
            "train-the-trainer or follow-up sessions (the trainer marks attendance)."
        ),
    )
    requires_webinars = models.BooleanField(
        _("requires its webinars"),
        default=False,
        help_text=_(
            "The course is complete only after the learner attended each of its "
            "webinars, or watched its recording and answered the reflection question."
        ),
    )
    # A fixed set of drawings rather than an uploaded image: every card looks alike,
    # weighs a few hundred bytes and needs no alt text (the card's title says it all).
    pictogram = models.CharField(
        _("pictogram"),
        max_length=20,
        choices=Pictogram.choices,
        blank=True,
        help_text=_(
            "The drawing on the course's card on the home page. Leave it empty for "
            "the drawing of the course's audience."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("level"), FieldPanel("study_hours")],
            heading=_("For whom and how long"),
        ),
        FieldPanel("pictogram"),
        FieldPanel("requires_attendance"),
        FieldPanel("requires_webinars"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("audience"),
        index.FilterField("level"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = [
        "courses.ModulePage",
        "quizzes.TestPage",
        "training.TrainerKitPage",
    ]

    class Meta:
        verbose_name = _("course")

    @property
    def pictogram_path(self) -> str:
        """The static path of the card's drawing: the chosen one, else the audience's."""
        return (
            f"img/pictograms/{self.pictogram or AUDIENCE_PICTOGRAMS[self.audience]}.svg"
        )

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("courses.course", request, self)

    @path("")
    def course(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("inschrijven/", name="enrol")
    def enrol(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("courses.enrol", request, self, enrol=True)

    @path("uitschrijven/", name="leave")
    def leave(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("courses.enrol", request, self, enrol=False)


class ModulePage(routing.LanguageFallbackURL, routing.CachedViewRestrictions, Page):
    """A module of a course ("app focus" CSAM, itsme…): lessons with a checkmark when done."""

    number = models.PositiveSmallIntegerField(
        _("module number"),
        help_text=_("Shown as “Module 1”. Module 0 is an introduction."),
    )
    app_focus = models.ForeignKey(
        "courses.DigitalService",
        verbose_name=_("app focus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        # No reverse accessor: a service does not need to know its modules.
        related_name="+",
        help_text=_("The digital service this module centres on."),
    )
    intro = RichTextField(
        _("introduction"), features=["bold", "italic", "ol", "ul", "link"]
    )
    learning_goals = StreamField(
        [("goal", LearningGoalBlock())],
        verbose_name=_("learning goals"),
        blank=True,
    )
    requires_forum_post = models.BooleanField(
        _("requires a forum post"),
        default=False,
        help_text=_(
            "The module is complete only after the learner has written a question or "
            "a reply in the module's forum."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("app_focus"),
        FieldPanel("intro"),
        FieldPanel("learning_goals"),
        FieldPanel("requires_forum_post"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "quizzes.TestPage"]

    class Meta:
        verbose_name = _("module")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        return context | routing.context("courses.module", request, self)


class LessonPage(
    routing.LanguageFallbackURL, routing.CachedViewRestrictions, RoutablePageMixin, Page
):
    """A lesson ("Les 2 van 5"): sections shown one at a time, progress per section."""

    summary = models.CharField(_("summary"), max_length=250, blank=True)
    body = StreamField(
        [("section", LessonSectionBlock())],
        verbose_name=_("sections"),
        min_num=1,
    )

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    @property
    def section_ids(self) -> list[str]:
        """Ids of the sections in order, read from the raw data (no block rendering)."""
        return [item["id"] for item in self.body.raw_data if item["type"] == "section"]

    @path("")
    def start(self, request: HttpRequest) -> HttpResponse:
        """Open the lesson where the learner stopped: the first section not yet seen."""
        return routing.serve("courses.lesson_start", request, self)

    @path("onderdeel/<int:number>/", name="section")
    def section(self, request: HttpRequest, number: int) -> HttpResponse:
        """Show one section and record that the learner opened it."""
        return routing.serve("courses.lesson_section", request, self, number)

    def section_url(self, number: int, request: HttpRequest | None = None) -> str:
        return self.get_url(request) + self.reverse_subpage(
            "section", kwargs={"number": number}
        )
