from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "scorm"
    label = "scorm"
    verbose_name = _("SCORM packages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its part in completing sections, modules and courses (courses.completion),
        # and its content-origin paths; these modules read models, so they are
        # imported once the app registry is ready.
        from courses import completion
        from lms import content_origin
        from lms.content_cache import CONTENT

        from . import completion as scorm_completion
        from .models import ScormActivity

        completion.register(completion.SCORM, scorm_completion)
        content_origin.register_paths("/scorm/c/", "/scorm/runtime/")
        # Whether an activity must be completed is part of the cached course structures.
        CONTENT.watch(ScormActivity)
