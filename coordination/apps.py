from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """What coordinators of an organisation do: teams' assignments, invitations,
    reminders, the progress view with its exports, and follow-up moments.

    It sits at the top of the import chain (lms ← home ← courses ← certificates ←
    coordination) because the progress view reads courses and certificates alike.
    """

    name = "coordination"
    label = "coordination"
    verbose_name = _("Coordination")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.signals import demo_courses_loaded

        from .demo import load_demo_coordination

        demo_courses_loaded.connect(
            load_demo_coordination, dispatch_uid="coordination.demo"
        )
