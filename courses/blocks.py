import copy

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from home.blocks import ContentStreamBlock


class LearningGoalBlock(blocks.CharBlock):
    """One learning goal of a module. A stream shows no label beside a lone field, so
    the input names itself (screen readers, axe's "label" rule)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Learning goal"))
        super().__init__(**kwargs)
        self.field.widget.attrs.setdefault("aria-label", self.label)

    class Meta:
        icon = "tick"


class ExerciseBlock(SnippetChooserBlock):
    """An exercise snippet (H5P, SCORM): a section's exercises of one kind are read
    with their packages in one query, however many it holds."""

    def bulk_to_python(self, values):
        found = self.model_class.objects.select_related("package").in_bulk(values)
        # Wagtail's own gives each repeated id its own instance; so does this.
        return [copy.copy(found[pk]) if pk in found else None for pk in values]


class H5PActivityBlock(ExerciseBlock):
    """An interactive H5P exercise, played in an isolated frame from another origin."""

    def __init__(self, **kwargs):
        super().__init__("h5p.H5PActivity", **kwargs)

    class Meta:
        icon = "code"
        label = _("H5P exercise")
        template = "components/streamfield/h5p_block.html"


class ScormActivityBlock(ExerciseBlock):
    """A SCORM 1.2 or 2004 package, played in an isolated frame from another origin;
    the learner's runtime data is kept on the server, so they resume anywhere."""

    def __init__(self, **kwargs):
        super().__init__("scorm.ScormActivity", **kwargs)

    class Meta:
        icon = "code"
        label = _("SCORM activity")
        template = "scorm/block.html"


class LessonContentBlock(ContentStreamBlock):
    """What a lesson section holds: the site's content blocks plus H5P exercises and
    SCORM activities."""

    h5p = H5PActivityBlock()
    scorm = ScormActivityBlock()


class LessonSectionBlock(blocks.StructBlock):
    """One "onderdeel" of a lesson: a titled screen the learner reads in one go.

    The block's id (kept by Wagtail across revisions) is what progress is recorded
    against, so editors can reword or reorder sections without erasing anyone's progress.
    """

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    content = LessonContentBlock(label=_("Content"))

    class Meta:
        icon = "doc-empty"
        label = _("Section")
        template = "components/streamfield/lesson_section_block.html"
        description = _("One screen of the lesson, with its own title.")
        preview_value = {
            "title": "Wat is CSAM?",
            "content": [
                ("text", "<p>CSAM is de toegangspoort tot de online overheid.</p>")
            ],
        }
