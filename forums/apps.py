from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    label = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its part in completing modules and courses (courses.completion); that
        # module reads models, so it is imported once the app registry is ready.
        from courses import completion

        from . import completion as forums_completion

        completion.register(completion.FORUM, forums_completion)

        # Models and receivers can only be imported once the app registry is ready.
        from django.db.models.signals import post_save

        from courses.models import ModulePage

        from .receivers import module_forum_create

        post_save.connect(
            module_forum_create,
            sender=ModulePage,
            dispatch_uid="forums.module_forum_create",
        )
