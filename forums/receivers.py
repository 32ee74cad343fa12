"""Signal receivers of the forums, connected in `CoursesConfig.ready`."""

from courses.models import ModulePage
from forums.services import forum_for_module_ensure


def module_forum_create(sender, instance: ModulePage, created: bool, **kwargs) -> None:
    """Every module has its forum from the moment the module exists."""
    if created and not kwargs.get("raw"):
        forum_for_module_ensure(instance)
