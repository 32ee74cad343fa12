from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.signals import course_completed
        from quizzes.signals import test_passed

        from . import receivers

        course_completed.connect(
            receivers.issue_on_course_completed, dispatch_uid="certificates.issue"
        )
        test_passed.connect(
            receivers.issue_or_renew_on_test_passed, dispatch_uid="certificates.test"
        )
