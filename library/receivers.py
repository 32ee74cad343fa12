"""A public trainer kit appears in the databank while it is live and public."""

from __future__ import annotations

from .services import kit_item_sync


def kit_published(sender, instance, **kwargs) -> None:
    kit_item_sync(instance)


def kit_unpublished(sender, instance, **kwargs) -> None:
    kit_item_sync(instance)
