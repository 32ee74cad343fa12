from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    label = "training"
    verbose_name = _("Trainer kits and training sessions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Its part in completing modules and courses (courses.completion); that
        # module reads models, so it is imported once the app registry is ready.
        from courses import completion

        from . import completion as training_completion

        completion.register(completion.ATTENDANCE, training_completion)

        # Models and receivers can only be imported once the app registry is ready.
        from django.db.models.signals import post_delete, post_save
        from wagtail.documents import get_document_model
        from wagtail.signals import page_published

        from booking.receivers import booking_deleted
        from lms.models import Membership

        from .kits.receivers import kit_document_saved, kit_published
        from .models import Registration, TrainerKitPage
        from .sessions.receivers import membership_deleted

        page_published.connect(
            kit_published, sender=TrainerKitPage, dispatch_uid="training.kit_published"
        )
        post_save.connect(
            kit_document_saved,
            sender=get_document_model(),
            dispatch_uid="training.kit_document_saved",
        )
        post_delete.connect(
            booking_deleted,
            sender=Registration,
            dispatch_uid="training.registration_deleted",
        )
        post_delete.connect(
            membership_deleted,
            sender=Membership,
            dispatch_uid="training.membership_deleted",
        )

        # The views register the kit page's view and context, and the home page's
        # upcoming sessions (lms.routing).
        from .kits import views as kit_views  # noqa: F401
        from .sessions import views as session_views  # noqa: F401
