"""Signal receivers of the trainer kits, connected in `CoursesConfig.ready`."""

from training.kits.services import kit_refresh
from training.models import KitMaterial, TrainerKitPage


def kit_published(sender, instance: TrainerKitPage, **kwargs) -> None:
    """A published kit: stamp what changed and queue its zip."""
    kit_refresh(instance)


def kit_document_saved(sender, instance, created: bool, **kwargs) -> None:
    """An editor replaced a file: the kits that use it changed too."""
    if created or kwargs.get("raw"):
        return
    kit_ids = KitMaterial.objects.filter(document=instance).values("kit_id")
    for kit in TrainerKitPage.objects.filter(pk__in=kit_ids):
        kit_refresh(kit)
