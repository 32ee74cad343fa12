"""The blocks of a newsletter issue: running text, an image, and two blocks that are
filled when the issue is read or sent: the agenda's upcoming events and what is new
in the databank, each in the reader's language.

The two live blocks ask the newsletter's views for their items by name
(`lms.routing.context`), so this module, imported by the models, reads nothing itself.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from lms import routing

# Headings start at h2 in an issue: its title is the h1 of the page and of the mail.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class FilledWhenSent(blocks.StructBlock):
    """A block whose content the view registered as `context_name` fills, when the
    issue is rendered for a reader (`lms.routing.context`)."""

    context_name: str

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        return context | routing.context(self.context_name, value, parent_context or {})


class UpcomingEventsBlock(FilledWhenSent):
    """The next events of the agenda, as of the day the issue is sent."""

    context_name = "newsletter.upcoming_events"

    heading = blocks.CharBlock(
        label=_("Heading"), default=_("Upcoming events"), max_length=120
    )
    count = blocks.IntegerBlock(
        label=_("How many"), default=3, min_value=1, max_value=20
    )
    kind = SnippetChooserBlock(
        "events.EventKind",
        required=False,
        label=_("Only this kind of event"),
        help_text=_("Leave empty for every kind."),
    )

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "newsletter/blocks/upcoming_events_block.html"
        description = _(
            "The next events of the agenda, filled in when the issue is sent, in the "
            "reader's language."
        )
        preview_value = {"heading": "Binnenkort", "count": 3}


class NewInLibraryBlock(FilledWhenSent):
    """Items published in the databank since the previous issue (or in the last N
    days)."""

    context_name = "newsletter.new_in_library"

    heading = blocks.CharBlock(
        label=_("Heading"), default=_("New in the databank"), max_length=120
    )
    count = blocks.IntegerBlock(
        label=_("How many"), default=5, min_value=1, max_value=20
    )
    days = blocks.IntegerBlock(
        label=_("Of the last … days"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_("Leave empty for everything new since the previous issue."),
    )

    class Meta:
        icon = "folder-open-inverse"
        label = _("New in the databank")
        template = "newsletter/blocks/new_in_library_block.html"
        description = _(
            "The newest material of the databank, filled in when the issue is sent, "
            "in the reader's language."
        )
        preview_value = {"heading": "Nieuw in de databank", "count": 5}


class IssueStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Text"),
        template="newsletter/blocks/text_block.html",
    )
    image = ImageBlock(label=_("Image"), template="newsletter/blocks/image_block.html")
    upcoming_events = UpcomingEventsBlock()
    new_in_library = NewInLibraryBlock()

    class Meta:
        label = _("Content")
