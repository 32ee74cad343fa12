from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    name = "xapi"
    label = "xapi"
    verbose_name = _("Learning records (xAPI)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The receivers import models, so only once the app registry is ready.
        from booking.signals import attended
        from courses.signals import (
            course_completed,
            enrolled,
            module_completed,
            section_read,
        )
        from h5p.signals import statement_received
        from quizzes.signals import attempt_graded, attempt_started

        from . import receivers

        for signal, receiver, uid in (
            (enrolled, receivers.enrolled, "xapi.enrolled"),
            (section_read, receivers.section_read, "xapi.section_read"),
            (attempt_started, receivers.attempt_started, "xapi.attempt_started"),
            (attempt_graded, receivers.attempt_graded, "xapi.attempt_graded"),
            (module_completed, receivers.module_completed, "xapi.module_completed"),
            (course_completed, receivers.course_completed, "xapi.course_completed"),
            (attended, receivers.attended, "xapi.attended"),
            (statement_received, receivers.h5p_statement, "xapi.h5p_statement"),
        ):
            signal.connect(receiver, dispatch_uid=uid)
