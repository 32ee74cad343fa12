"""What every exercise placed in lesson sections from an uploaded package (H5P,
SCORM) keeps: an abstract model, so it adds no table. Each app adds its `package`
(`ready_package`), its `pass_required` (`must_pass`) and whatever else it needs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def ready_package(package_model: type[models.Model]) -> models.ForeignKey:
    """The package an exercise plays: only a ready one may be chosen, and a package
    in use is not deleted."""
    return models.ForeignKey(
        package_model,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("package"),
        limit_choices_to={"status": package_model.Status.READY},
    )


def must_pass(help_text: str) -> models.BooleanField:
    """Whether completing is not enough (`pass_required`), explained in the app's
    words for its kind of package."""
    return models.BooleanField(_("must be passed"), default=False, help_text=help_text)


class LessonExercise(models.Model):
    """A package placed in lessons, with what it takes to count as done. Each app
    adds `package = ready_package(…)` and `pass_required = must_pass(…)`."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("Read out to screen-reader users.")
    )
    must_complete = models.BooleanField(
        _("must be completed"),
        default=True,
        help_text=_("The lesson section counts as done only once this is completed."),
    )

    # The editor's form, in this order (the package after the title).
    panels = ["title", "package", "must_complete", "pass_required"]

    class Meta:
        abstract = True
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
