"""Checks an uploaded SCORM package before anything of it is written or extracted.

A package is a zip with `imsmanifest.xml` at the top and the course's pages,
scripts and media wherever the manifest says. Every reason for refusing is reported,
in plain words, each naming the file or the item it is about:

- the zip rules every package keeps (`lms.zips`: names, symlinks, encryption, the
  numbers and sizes of members, the compression ratio), the same as for H5P;
- no file of a kind that runs on a server or on the learner's computer (see
  `REFUSED_EXTENSIONS`); pages, scripts, styles, SVG and media are what a SCORM
  package is made of, and they only ever run in the sandboxed frame on the content
  origin;
- `imsmanifest.xml` is at the top, readable, of SCORM 1.2 or 2004, with at least one
  item to launch (`scorm.manifest`);
- every page an item launches and every file a resource lists is in the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from lms import zips

from .manifest import MANIFEST, inspect_manifest

#: Files a browser would hand to the operating system, and pages meant to run on a
#: web server. The package's files are served as they are, never run on the server,
#: so the second kind cannot harm it; but a package that needs them cannot work
#: here, and an editor is better told so on upload than by a learner.
REFUSED_EXTENSIONS = frozenset(
    [
        # Programs and scripts of the learner's own computer.
        "exe", "msi", "com", "scr", "pif", "dll", "bat", "cmd", "ps1", "vbs", "vbe",
        "wsf", "wsh", "hta", "jar", "apk", "dmg", "pkg", "deb", "rpm", "sh", "lnk",
        "reg",
        # Pages run by a web server.
        "php", "phtml", "php3", "php4", "php5", "asp", "aspx", "jsp", "cgi", "pl",
        "py",
    ]
)  # fmt: skip


@dataclass
class Inspection(zips.Inspection):
    """What the checks found; for an accepted package also its normalised manifest
    (see `ScormPackage`)."""

    manifest: dict = field(default_factory=dict)


def _file_problem(name: str) -> str | None:
    filename = name.rsplit("/", 1)[-1]
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in REFUSED_EXTENSIONS:
        return _(
            "“%(name)s”: .%(ext)s files are not allowed in a SCORM package (they run "
            "on a server or on the learner's computer, not in the browser)."
        ) % {"name": name, "ext": extension}
    return None


def _manifest_elsewhere(files) -> str | None:
    """The folder holding `imsmanifest.xml` when it is not at the top: the usual
    mistake of zipping the folder rather than its contents."""
    return next(
        (name.rsplit("/", 1)[0] for name in files if name.endswith(f"/{MANIFEST}")),
        None,
    )


def package_inspect(upload: IO[bytes]) -> Inspection:
    """Check a SCORM zip (a seekable binary file) and report every problem.

    Nothing is written anywhere: the members are read (and counted) in memory, and
    only the manifest is kept.
    """
    inspection = Inspection()
    read = zips.zip_contents(
        upload,
        inspection,
        not_a_zip=_("This is not a SCORM package: the file is not a zip."),
        file_problem=_file_problem,
        keep=lambda name: name == MANIFEST,
    )
    if read is None:
        return inspection
    files, contents = read

    if MANIFEST not in files:
        folder = _manifest_elsewhere(files)
        if folder:
            inspection.refuse(
                _(
                    "imsmanifest.xml is not at the top of the package but in "
                    "“%(folder)s/”: zip what is inside that folder, not the folder "
                    "itself."
                )
                % {"folder": folder}
            )
        else:
            inspection.refuse(
                _(
                    "imsmanifest.xml is missing at the top of the package: this is "
                    "not a SCORM package."
                )
            )
        return inspection
    reading = inspect_manifest(contents[MANIFEST])
    for problem in reading.problems:
        inspection.refuse(problem)
    for path, resource in sorted(reading.files.items()):
        if path not in files:
            inspection.refuse(
                _(
                    "imsmanifest.xml, resource “%(resource)s”: the file “%(path)s” is "
                    "not in the package."
                )
                % {"resource": resource, "path": path}
            )
    if inspection.accepted:
        inspection.manifest = reading.manifest
        inspection.members = sorted(files)
    return inspection
