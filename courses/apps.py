from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.documents import get_document_model
        from wagtail.signals import page_published

        from lms.models import Membership

        from .forums.receivers import module_forum_create
        from .kits.receivers import kit_document_saved, kit_published
        from .models import ModulePage, Registration, TrainerKitPage
        from .sessions.receivers import membership_deleted, registration_deleted

        post_save.connect(
            module_forum_create,
            sender=ModulePage,
            dispatch_uid="courses.module_forum_create",
        )
        page_published.connect(
            kit_published, sender=TrainerKitPage, dispatch_uid="courses.kit_published"
        )
        post_save.connect(
            kit_document_saved,
            sender=get_document_model(),
            dispatch_uid="courses.kit_document_saved",
        )
        post_delete.connect(
            registration_deleted,
            sender=Registration,
            dispatch_uid="courses.registration_deleted",
        )
        post_delete.connect(
            membership_deleted,
            sender=Membership,
            dispatch_uid="courses.membership_deleted",
        )
