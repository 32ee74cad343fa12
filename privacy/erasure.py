"""What an erasure removes after its transaction commits: the files. Rows are deleted
in the transaction; files cannot be rolled back, so they go only once the rows did."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


class Erasure:
    def __init__(self) -> None:
        self._files: list[tuple[object, str]] = []

    def delete_file(self, field_file: FieldFile | None) -> None:
        """Delete this stored file once the erasure has committed."""
        if field_file:
            self._files.append((field_file.storage, field_file.name))

    def files_after_commit(self) -> None:
        files = list(self._files)

        def remove() -> None:
            for storage, name in files:
                try:
                    storage.delete(name)
                except OSError:
                    # The rows are gone; the log tells the operator which file is
                    # left to remove by hand.
                    logger.error("could not delete %s after an erasure", name)

        transaction.on_commit(remove)
