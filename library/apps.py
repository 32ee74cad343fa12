from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    label = "library"
    verbose_name = _("Databank digitale inclusie")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Receivers can only be connected once the app registry is ready.
        from wagtail.signals import page_published, page_unpublished

        from training.models import TrainerKitPage

        from .models import ItemType, LibraryItem, TargetGroup, Theme
        from .receivers import kit_published, kit_unpublished
        from .selectors import LIBRARY

        # The lists' names and the search's counts are cached until these change.
        LIBRARY.watch(LibraryItem, ItemType, TargetGroup, Theme)

        page_published.connect(
            kit_published, sender=TrainerKitPage, dispatch_uid="library.kit_published"
        )
        page_unpublished.connect(
            kit_unpublished,
            sender=TrainerKitPage,
            dispatch_uid="library.kit_unpublished",
        )
