from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The views register the pages' routes and contexts (lms.routing); they
        # import models, so only once the app registry is ready.
        from courses import views  # noqa: F401
        from courses.models import DigitalService
        from lms.content_cache import CONTENT

        # A module's card shows its digital service (cached course structures).
        CONTENT.watch(DigitalService)
