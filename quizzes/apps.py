from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "quizzes"
    verbose_name = _("Tests and quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its part in completing modules and courses (courses.completion); that
        # module reads models, so it is imported once the app registry is ready.
        from courses import completion

        from . import completion as quizzes_completion

        completion.register(completion.TESTS, quizzes_completion)

        # The views register the test page's routes (lms.routing).
        from . import views  # noqa: F401
