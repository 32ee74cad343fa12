"""The course content tree: catalogue → course → module → lesson.

Pages hold content only. Who is enrolled and how far they got lives in
`courses.models.progress`; the page methods below ask `courses.selectors` for it and
call `courses.services` to change it. Those modules import these models, hence the
imports inside the methods.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import LearningGoalBlock, LessonSectionBlock
from .snippets import Audience, Level


class CourseIndexPage(Page):
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
        from ..forms import CatalogueFilterForm
        from ..selectors import catalogue_courses, enrolled_course_ids

        context = super().get_context(request, *args, **kwargs)
        form = CatalogueFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["courses"] = catalogue_courses(
            self, audience=filters.get("audience"), level=filters.get("level")
        )
        context["enrolled_ids"] = enrolled_course_ids(request.user)
        return context


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


class CoursePage(RoutablePageMixin, Page):
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
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("audience"),
        index.FilterField("level"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "courses.TestPage", "courses.TrainerKitPage"]

    class Meta:
        verbose_name = _("course")

    @property
    def pictogram_path(self) -> str:
        """The static path of the card's drawing: the chosen one, else the audience's."""
        return (
            f"img/pictograms/{self.pictogram or AUDIENCE_PICTOGRAMS[self.audience]}.svg"
        )

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from ..kits.selectors import kits_of_course
        from ..selectors import course_state
        from ..sessions.selectors import sessions_upcoming

        context = super().get_context(request, *args, **kwargs)
        context["state"] = course_state(self, request.user)
        context["kits"] = kits_of_course(self, request.user)
        context["sessions"] = sessions_upcoming(request.user, course=self)
        return context

    @path("")
    def course(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("inschrijven/", name="enrol")
    def enrol(self, request: HttpRequest) -> HttpResponse:
        return _enrolment_view(request, self, enrol=True)

    @path("uitschrijven/", name="leave")
    def leave(self, request: HttpRequest) -> HttpResponse:
        return _enrolment_view(request, self, enrol=False)


@require_POST
def _enrolment_view(
    request: HttpRequest, course: CoursePage, *, enrol: bool
) -> HttpResponse:
    from ..services import enrolment_create, enrolment_leave

    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    if enrol:
        enrolment_create(user=request.user, course=course)
        messages.success(
            request,
            gettext("You are enrolled in %(course)s.") % {"course": course.title},
        )
    else:
        enrolment_leave(user=request.user, course=course)
        messages.success(
            request,
            gettext("You have left %(course)s. Your progress is kept if you come back.")
            % {"course": course.title},
        )
    return redirect(course.get_url(request))


class ModulePage(Page):
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
    subpage_types = ["courses.LessonPage", "courses.TestPage"]

    class Meta:
        verbose_name = _("module")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from ..forums.selectors import module_forums
        from ..selectors import module_state

        context = super().get_context(request, *args, **kwargs)
        context["state"] = module_state(self, request.user)
        context["forum"] = module_forums([self.pk]).get(self.pk)
        return context


class LessonPage(RoutablePageMixin, Page):
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
        from ..selectors import first_open_section, is_enrolled, lesson_parents

        if getattr(request, "is_preview", False):
            return self.section(request, 1)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        course, _module = lesson_parents(self)
        if not is_enrolled(request.user, course):
            return self._not_enrolled(request, course)
        number = first_open_section(self, request.user)
        return redirect(self.section_url(number, request))

    @path("onderdeel/<int:number>/", name="section")
    def section(self, request: HttpRequest, number: int) -> HttpResponse:
        """Show one section and record that the learner opened it (idempotent)."""
        from ..selectors import is_enrolled, lesson_parents, lesson_viewer_state
        from ..services import course_completion_record, section_progress_record

        preview = getattr(request, "is_preview", False)
        if not preview and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        section_ids = self.section_ids
        if not 1 <= number <= len(section_ids):
            raise Http404
        course, module = lesson_parents(self)
        learner = None if preview else request.user
        if learner is not None:
            if not is_enrolled(learner, course):
                return self._not_enrolled(request, course)
            section_progress_record(
                user=learner, lesson=self, section_id=section_ids[number - 1]
            )
        context = self.get_context(request)
        viewer = lesson_viewer_state(
            self, learner, course=course, module=module, section_number=number
        )
        if learner is not None and viewer.module.lessons_complete:
            # The last lesson read may complete the course when its tests were passed
            # earlier; only checked once the module's lessons are all done.
            course_completion_record(user=learner, course=course)
        context["viewer"] = viewer
        return TemplateResponse(request, self.get_template(request), context)

    def section_url(self, number: int, request: HttpRequest | None = None) -> str:
        return self.get_url(request) + self.reverse_subpage(
            "section", kwargs={"number": number}
        )

    def _not_enrolled(self, request: HttpRequest, course: CoursePage) -> HttpResponse:
        messages.info(
            request, gettext("Enrol in the course first to follow its lessons.")
        )
        return redirect(course.get_url(request))
