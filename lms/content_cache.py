"""Caches that follow the content.

Whatever is read from the page tree on every request (where a URL leads, a page's
view restrictions, a course's outline, the menu) is stored in the cache under the
content's *generation*. Saving or deleting a watched model (every page, view
restriction and site, and what apps register: digital services, H5P activities) and
moving a page start a new generation, so every web process sees a publish, an
unpublish, a move or a delete on its next request; the old entries expire unread.

A generation is a number in the shared cache (Redis in production), so processes agree
on it. It moves both when the change is made and when its transaction commits: a
process that rebuilt an entry between the two (from the data before the commit) does
not keep it.
"""

from __future__ import annotations

import logging
import pickle
import time
from collections.abc import Callable, Hashable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

__all__ = ["CONTENT", "Generation"]

logger = logging.getLogger(__name__)

# Entries of a past generation are never read again; this only bounds their stay.
TIMEOUT = 60 * 60
_MISSING = object()
# What unpickling an entry written by an earlier release of the code raises (a class
# moved or renamed): such an entry counts as absent.
STALE = (AttributeError, ImportError, TypeError, pickle.UnpicklingError)


class Generation:
    """A family of cached values that a change to any watched model invalidates."""

    def __init__(self, name: str):
        self.name = name
        self._models: tuple[type[Model], ...] = ()
        self._key = f"generation:{name}"

    def current(self) -> int:
        value = cache.get(self._key)
        if value is None:
            cache.add(self._key, time.time_ns(), None)
            value = cache.get(self._key)
        return value

    def bump(self) -> None:
        """Start a new generation now and again when the transaction commits."""
        self._renew()
        transaction.on_commit(self._renew)

    def _renew(self) -> None:
        try:
            cache.set(self._key, time.time_ns(), None)
        except Exception:  # unreachable: what it held is gone or will be renewed
            logger.warning("Cache unreachable: generation %s not renewed", self.name)

    def watch(self, *models: type[Model]) -> None:
        """Saving or deleting an instance of `models` (or of their subclasses: every
        specific page is a `Page`) starts a new generation."""
        self._models += models
        for signal in (post_save, post_delete):  # connected once (the dispatch uid)
            signal.connect(
                self._changed, weak=False, dispatch_uid=f"generation:{self.name}"
            )

    def watch_m2m(self, *relations) -> None:
        """Adding to or removing from these many-to-many relations (`User.groups`…)
        starts a new generation too: it saves no model."""
        for relation in relations:
            m2m_changed.connect(
                self._m2m_changed,
                sender=relation.through,
                weak=False,
                dispatch_uid=f"generation:{self.name}:{relation.through.__name__}",
            )

    def _changed(self, sender, instance=None, **kwargs) -> None:
        if isinstance(instance, self._models):
            self.bump()

    def _m2m_changed(self, sender, action: str = "", **kwargs) -> None:
        if action.startswith("post_"):
            self.bump()

    def _full(self, key: Hashable, generation: int) -> str:
        return f"{self.name}:{generation}:{key}"

    def get(self, key: Hashable, build: Callable[[], object]):
        """The value cached under `key` in this generation, built when absent."""
        return self.get_many([key], lambda missing: {key: build()})[key]

    def get_many(self, keys: Iterable[Hashable], build: Callable[[list], dict]) -> dict:
        """The values of `keys` in one round trip; `build(missing)` returns a dict of
        the values of the keys that were absent (in one go: one set of queries).
        While the cache is down they are all built without it: pages stay up, slower."""
        keys = list(keys)
        try:
            generation = self.current()
            found = cache.get_many([self._full(key, generation) for key in keys])
        except STALE:  # stored by an earlier release: built again, stored over
            generation = self.current()
            found = {}
        except Exception:  # the cache server is unreachable
            logger.warning("Cache unreachable: %s built without it", self.name)
            return build(keys)
        values = {
            key: found[self._full(key, generation)]
            for key in keys
            if self._full(key, generation) in found
        }
        missing = [key for key in keys if key not in values]
        if missing:
            built = build(missing)
            cache.set_many(
                {self._full(key, generation): built[key] for key in missing}, TIMEOUT
            )
            values |= built
        return values


#: The page tree and what hangs from it.
CONTENT = Generation("content")
