"""The home page's blocks: what the platform is for, the courses, the learner's next
step, the sessions to come and how an organisation starts.

The blocks that show live data read it in `get_context`, for the request's user in the
template context, so an editor places them anywhere and the page still costs a
constant number of queries. That data belongs to the apps above (courses, training):
each block asks for it by name through `lms.routing`, so this app imports neither.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lms import routing
from lms.models import User

from ..blocks import ContentStreamBlock

# The page title is h1 and each block's heading h2, so headings in their text start at h3.
SECTION_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


def _visitor(context: dict[str, Any] | None) -> User | AnonymousUser:
    """Who is looking: the request's user (in the admin's block preview, the editor)."""
    request = (context or {}).get("request")
    return getattr(request, "user", None) or AnonymousUser()


class SectionBlock(blocks.StructBlock):
    """A part of the page under its own heading."""

    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.RichTextBlock(features=SECTION_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "title"
        label = _("Text with a heading")
        template = "components/streamfield/home_section_block.html"
        description = _(
            "A heading and a few short paragraphs, such as what the platform is for."
        )
        preview_value = {
            "heading": "Waarvoor dient dit platform?",
            "text": "<p>Je leert burgers helpen met de digitale overheid.</p>",
        }


class CoursesBlock(blocks.StructBlock):
    """Course cards: a pictogram, the title, audience, study hours and modules."""

    heading = blocks.CharBlock(default=_("Our courses"), label=_("Heading"))
    courses = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="courses.CoursePage", label=_("Course")),
        default=[],
        label=_("Courses"),
        help_text=_(
            "Leave this empty to show every published course, in the order of the "
            "catalogue."
        ),
    )

    class Meta:
        icon = "list-ul"
        label = _("Courses")
        template = "components/streamfield/home_courses_block.html"
        description = _(
            "The courses as cards with a pictogram, for whom, how many hours and "
            "how many modules."
        )
        preview_value = {"heading": "Onze opleidingen", "courses": []}

    def get_context(self, value, parent_context=None) -> dict[str, Any]:
        context = super().get_context(value, parent_context)
        chosen = value["courses"]
        # A chosen course that was deleted since comes back as None.
        chosen = [course for course in chosen if course is not None] if chosen else None
        return context | routing.context("courses.course_cards", chosen)


class NextStepBlock(blocks.StructBlock):
    """Where a logged-in learner goes on; nothing at all for anonymous visitors."""

    heading = blocks.CharBlock(default=_("Continue learning"), label=_("Heading"))

    class Meta:
        icon = "pick"
        label = _("Next step of the learner")
        template = "components/streamfield/home_next_step_block.html"
        description = _(
            "For a logged-in learner: the lesson to continue with and their progress. "
            "Visitors who are not logged in see nothing of it."
        )
        preview_value = {"heading": "Verder leren"}

    def get_context(self, value, parent_context=None) -> dict[str, Any]:
        context = super().get_context(value, parent_context)
        return context | routing.context("courses.next_step", _visitor(context))


class UpcomingSessionsBlock(blocks.StructBlock):
    """The first sessions still to come that the visitor may see."""

    heading = blocks.CharBlock(default=_("Sessions coming up"), label=_("Heading"))
    count = blocks.IntegerBlock(
        default=3, min_value=1, max_value=10, label=_("How many sessions")
    )

    class Meta:
        icon = "date"
        label = _("Upcoming sessions")
        template = "components/streamfield/home_sessions_block.html"
        description = _(
            "The next trainings and follow-up moments, soonest first, with a link "
            "to all sessions."
        )
        preview_value = {"heading": "Sessies die eraan komen", "count": 3}

    def get_context(self, value, parent_context=None) -> dict[str, Any]:
        context = super().get_context(value, parent_context)
        return context | routing.context(
            "training.upcoming_sessions", _visitor(context), value["count"]
        )


class StartStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("What to do"))
    text = blocks.TextBlock(label=_("Explanation"))

    class Meta:
        icon = "arrow-right"
        label = _("Step")


class HowToStartBlock(blocks.StructBlock):
    """How an organisation joins: numbered steps and whom to contact."""

    heading = blocks.CharBlock(
        default=_("How your municipality starts"), label=_("Heading")
    )
    intro = blocks.TextBlock(required=False, label=_("Introduction"))
    steps = blocks.ListBlock(StartStepBlock(), min_num=1, label=_("Steps"))
    contact = blocks.RichTextBlock(
        features=["bold", "link"],
        required=False,
        label=_("Who to contact"),
        help_text=_("An e-mail address or phone number, and who answers it."),
    )

    class Meta:
        icon = "list-ol"
        label = _("How to start")
        template = "components/streamfield/home_how_to_start_block.html"
        description = _(
            "Numbered steps for a municipality that wants to join, and whom to contact."
        )
        preview_value = {
            "heading": "Hoe start je gemeente?",
            "steps": [
                {"title": "Neem contact op", "text": "Mail ons. We maken een plan."},
                {
                    "title": "Duid een coördinator aan",
                    "text": "Die nodigt je medewerkers uit.",
                },
            ],
            "contact": "<p>Mail naar start@digitaalmeedoen.be.</p>",
        }


class HomeStreamBlock(ContentStreamBlock):
    """The home page's body: the content blocks of every page and the home page's own."""

    section = SectionBlock()
    next_step = NextStepBlock()
    courses = CoursesBlock()
    sessions = UpcomingSessionsBlock()
    how_to_start = HowToStartBlock()

    class Meta:
        label = _("Home page content")
        # One: its progress bar has a fixed id, and twice the same step helps nobody.
        block_counts = {"next_step": {"max_num": 1}}
