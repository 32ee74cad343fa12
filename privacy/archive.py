"""The zip a person downloads: one JSON file per kind of record, and the files."""

from __future__ import annotations

import json
import zipfile
from pathlib import PurePosixPath
from typing import Any

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder


class ExportArchive:
    """Writes records and files into an open zip file.

    `records("enrolments", [...])` becomes `enrolments.json`; `file("certificates/x.pdf",
    f)` becomes `files/certificates/x.pdf`. Records may name the files they go with by
    the path `file` returns.
    """

    def __init__(self, zip_file: zipfile.ZipFile):
        self.zip = zip_file
        self.kinds: list[str] = []

    def records(self, kind: str, rows: list[dict[str, Any]]) -> None:
        if kind in self.kinds:
            raise ValueError(f"{kind}.json is written twice")
        self.kinds.append(kind)
        text = json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        self.zip.writestr(f"{kind}.json", text)

    def file(self, path: str, source: File) -> str:
        """Copy an open-able file (a FieldFile) into `files/<path>`; returns the path
        in the archive."""
        name = str(PurePosixPath("files") / path)
        with source.open("rb") as handle, self.zip.open(name, "w") as target:
            while chunk := handle.read(1024 * 1024):
                target.write(chunk)
        return name
