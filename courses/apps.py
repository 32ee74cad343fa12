from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from .forums.receivers import module_forum_create
        from .models import ModulePage

        post_save.connect(
            module_forum_create,
            sender=ModulePage,
            dispatch_uid="courses.module_forum_create",
        )
