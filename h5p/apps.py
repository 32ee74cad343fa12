from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class H5PConfig(AppConfig):
    name = "h5p"
    label = "h5p"
    verbose_name = _("H5P exercises")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its part in completing modules and courses (courses.completion); that
        # module reads models, so it is imported once the app registry is ready.
        from courses import completion
        from lms.content_cache import CONTENT

        from . import completion as h5p_completion
        from .models import H5PActivity

        completion.register(completion.EXERCISES, h5p_completion)
        # Whether an exercise must be finished is part of the cached course structures.
        CONTENT.watch(H5PActivity)
