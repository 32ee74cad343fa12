"""Content blocks shared by every page that carries running text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

# Headings start at h3: the page title is h1 and a lesson section's title is h2.
RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class CalloutBlock(blocks.StructBlock):
    """A tip or warning set apart from the running text (and announced as such)."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("tip", _("Tip")),
            ("warning", _("Warning")),
            ("info", _("Good to know")),
        ],
        default="tip",
        label=_("Kind"),
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        icon = "help"
        label = _("Tip or warning")
        template = "components/streamfield/callout_block.html"
        description = _("A tip, a warning or a good-to-know, set apart from the text.")
        preview_value = {
            "kind": "tip",
            "text": "<p>Neem je tijd en leg elke stap uit.</p>",
        }


class StepsBlock(blocks.StructBlock):
    """A numbered "try it yourself" exercise."""

    title = blocks.CharBlock(default=_("Try it yourself"), label=_("Title"))
    steps = blocks.ListBlock(
        blocks.TextBlock(label=_("Step")), min_num=1, label=_("Steps")
    )

    class Meta:
        icon = "list-ol"
        label = _("Try it yourself")
        template = "components/streamfield/steps_block.html"
        description = _("A numbered list of steps the learner does on their own.")
        preview_value = {
            "title": "Probeer het zelf",
            "steps": ["Open de website.", "Klik op Aanmelden.", "Kies itsme."],
        }


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Video address"), help_text=_("A YouTube or Vimeo link.")
    )
    title = blocks.CharBlock(
        label=_("Title"), help_text=_("Read out by screen readers before the video.")
    )
    transcript = blocks.TextBlock(required=False, label=_("Transcript"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/streamfield/video_block.html"
        description = _("An embedded video with a title and, ideally, a transcript.")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(required=False, label=_("Description"))

    class Meta:
        icon = "doc-full"
        label = _("Download")
        template = "components/streamfield/document_block.html"
        description = _("A document the learner can download, with its type and size.")


class ContentStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Text"),
        template="components/streamfield/text_block.html",
    )
    image = ImageBlock(
        label=_("Image"), template="components/streamfield/image_block.html"
    )
    video = VideoBlock()
    callout = CalloutBlock()
    steps = StepsBlock()
    document = DocumentBlock()

    class Meta:
        label = _("Content")
