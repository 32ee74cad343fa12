"""Signal receivers of the forums, connected in `CoursesConfig.ready`."""

from courses.models import ModulePage
from forums.services import forum_for_module_ensure
from languages.selectors import is_source


def module_forum_create(sender, instance: ModulePage, created: bool, **kwargs) -> None:
    """Every module has its forum from the moment the module exists. A translation
    shares its source module's forum: no forum of its own."""
    if created and not kwargs.get("raw") and is_source(instance):
        forum_for_module_ensure(instance)
