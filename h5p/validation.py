"""Checks an uploaded `.h5p` file before anything of it is written or extracted.

A package is a zip with `h5p.json` at the top, the content in `content/` and one folder
per library (`Machine.Name-major.minor`). A package carries JavaScript, so the checks
are strict and every reason for refusing is reported, in plain words:

- it is a real zip, without absolute paths, `..`, backslashes, symlinks, encrypted
  members or names that differ only in case;
- every file has an extension on the H5P whitelist: media, documents, fonts, json, txt
  for content; `js css svg xml` only inside library folders; never `.html`, never an
  SVG under `content/` (an SVG can run script);
- the numbers of members, the size of each file, the total size and the compression
  ratio stay within limits, counted on the bytes actually decompressed (a member whose
  header lies about its size is caught);
- `h5p.json` and `content/content.json` are valid, every dependency is bundled with a
  valid `library.json` and its preloaded files, and no library needs a newer H5P core
  than the player has.
"""

from __future__ import annotations

import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

#: The H5P core API the player (h5p-standalone 3.8.2) implements.
SUPPORTED_CORE_API = (1, 24)

MAX_MEMBERS = 5_000
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed bytes per compressed byte, per file
CHUNK = 64 * 1024

CONTENT_EXTENSIONS = frozenset(
    [
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "tif",
        "tiff",
        "webp",
        "eot",
        "ttf",
        "woff",
        "woff2",
        "otf",
        "webm",
        "mp4",
        "ogg",
        "mp3",
        "m4a",
        "wav",
        "txt",
        "pdf",
        "rtf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "csv",
        "vtt",
        "webvtt",
        "md",
    ]
)
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css", "svg", "xml"}
LIBRARY_FOLDER = re.compile(
    r"^(?P<name>[A-Za-z0-9_.]+)-(?P<major>\d+)\.(?P<minor>\d+)$"
)
EMBED_TYPES = {"div", "iframe"}


@dataclass
class Inspection:
    """What the checks found: the problems (empty when accepted) and, for an accepted
    package, its `h5p.json` and the member names to extract."""

    problems: list[str] = field(default_factory=list)
    h5p: dict = field(default_factory=dict)
    members: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.problems

    def refuse(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)


def _name_problem(name: str) -> str | None:
    if "\\" in name:
        return _("“%(name)s” contains a backslash.") % {"name": name}
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return _("“%(name)s” is an absolute path.") % {"name": name}
    if ".." in name.split("/"):
        return _("“%(name)s” points outside the package (..).") % {"name": name}
    if "\x00" in name or any(part == "" for part in name.rstrip("/").split("/")):
        return _("“%(name)s” is not a valid file name.") % {"name": name}
    return None


def _extension_problem(name: str) -> str | None:
    top, _sep, rest = name.partition("/")
    filename = name.rsplit("/", 1)[-1]
    if "." not in filename.strip("."):
        return _("“%(name)s” has no file extension.") % {"name": name}
    extension = filename.rsplit(".", 1)[-1].lower()
    if extension in ("html", "htm", "xhtml", "php", "exe"):
        return _("“%(name)s”: .%(ext)s files are not allowed in a package.") % {
            "name": name,
            "ext": extension,
        }
    if not rest:
        if name != "h5p.json":
            return _("“%(name)s” is not expected at the top of the package.") % {
                "name": name
            }
        return None
    if top == "content":
        if extension == "svg":
            return _("“%(name)s”: SVG images are not allowed in the content.") % {
                "name": name
            }
        if extension not in CONTENT_EXTENSIONS:
            return _("“%(name)s”: .%(ext)s files are not allowed in the content.") % {
                "name": name,
                "ext": extension,
            }
        return None
    if extension not in LIBRARY_EXTENSIONS:
        return _("“%(name)s”: .%(ext)s files are not allowed in a library.") % {
            "name": name,
            "ext": extension,
        }
    return None


def _read(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]
) -> bytes | str:
    """The member's bytes, or a problem. Sizes are counted as they are decompressed."""
    data = bytearray()
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                data += chunk
                budget[0] -= len(chunk)
                if len(data) > MAX_FILE_BYTES:
                    return _("“%(name)s” is larger than 50 MB.") % {
                        "name": info.filename
                    }
                if budget[0] < 0:
                    return _("The package is larger than 200 MB once unpacked.")
                if (
                    len(data) > max(info.compress_size, 1) * MAX_RATIO
                    and len(data) > CHUNK
                ):
                    return _(
                        "“%(name)s” unpacks to far more than it takes in the package "
                        "(a zip bomb?)."
                    ) % {"name": info.filename}
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        return _("“%(name)s” is damaged (its size or checksum does not match).") % {
            "name": info.filename
        }
    if len(data) != info.file_size:
        return _("“%(name)s” is damaged (its size or checksum does not match).") % {
            "name": info.filename
        }
    return bytes(data)


def _json(data: bytes, name: str, inspection: Inspection):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        inspection.refuse(_("“%(name)s” is not valid JSON.") % {"name": name})
        return None


def _dependency_folders(dependencies, where: str, inspection: Inspection) -> set[str]:
    folders = set()
    if not isinstance(dependencies, list):
        inspection.refuse(
            _("%(where)s: the list of dependencies is missing or wrong.")
            % {"where": where}
        )
        return folders
    for dependency in dependencies:
        try:
            folders.add(
                f"{dependency['machineName']}-"
                f"{int(dependency['majorVersion'])}.{int(dependency['minorVersion'])}"
            )
        except (KeyError, TypeError, ValueError):
            inspection.refuse(
                _("%(where)s: a dependency has no valid name and version.")
                % {"where": where}
            )
    return folders


def _check_h5p_json(h5p, inspection: Inspection) -> set[str]:
    if not isinstance(h5p, dict):
        inspection.refuse(_("h5p.json does not describe a package."))
        return set()
    for key in ("title", "language", "mainLibrary"):
        if not isinstance(h5p.get(key), str) or not h5p.get(key).strip():
            inspection.refuse(_("h5p.json has no “%(key)s”.") % {"key": key})
    embed = h5p.get("embedTypes")
    if not isinstance(embed, list) or not embed or not set(embed) <= EMBED_TYPES:
        inspection.refuse(_("h5p.json: “embedTypes” must list div and/or iframe."))
    needed = _dependency_folders(
        h5p.get("preloadedDependencies"), "h5p.json", inspection
    )
    names = {
        d.get("machineName")
        for d in h5p.get("preloadedDependencies") or []
        if isinstance(d, dict)
    }
    if isinstance(h5p.get("mainLibrary"), str) and h5p["mainLibrary"] not in names:
        inspection.refuse(
            _("h5p.json: the main library %(name)s is not among its dependencies.")
            % {"name": h5p["mainLibrary"]}
        )
    return needed


def _check_library(
    folder: str, data, files: set[str], inspection: Inspection
) -> set[str]:
    where = f"{folder}/library.json"
    if not isinstance(data, dict):
        inspection.refuse(
            _("%(where)s does not describe a library.") % {"where": where}
        )
        return set()
    match = LIBRARY_FOLDER.match(folder)
    expected = (match["name"], int(match["major"]), int(match["minor"]))
    try:
        found = (
            data["machineName"],
            int(data["majorVersion"]),
            int(data["minorVersion"]),
        )
    except (KeyError, TypeError, ValueError):
        found = None
    if found != expected:
        inspection.refuse(
            _("%(where)s does not match its folder name.") % {"where": where}
        )
    core = data.get("coreApi")
    if core is not None:
        try:
            version = (int(core["majorVersion"]), int(core["minorVersion"]))
        except (KeyError, TypeError, ValueError):
            inspection.refuse(
                _("%(where)s: “coreApi” is not valid.") % {"where": where}
            )
        else:
            if version > SUPPORTED_CORE_API:
                inspection.refuse(
                    _(
                        "%(folder)s needs H5P core %(need)s; the player supports "
                        "%(have)s."
                    )
                    % {
                        "folder": folder,
                        "need": "{}.{}".format(*version),
                        "have": "{}.{}".format(*SUPPORTED_CORE_API),
                    }
                )
    for key in ("preloadedJs", "preloadedCss"):
        for entry in data.get(key) or []:
            path = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(path, str) or f"{folder}/{path}" not in files:
                inspection.refuse(
                    _("%(where)s names a file that is not in the package: %(path)s")
                    % {"where": where, "path": path}
                )
    needed = set()
    for key in ("preloadedDependencies", "dynamicDependencies"):
        if key in data:
            needed |= _dependency_folders(data[key], where, inspection)
    return needed


def package_inspect(upload: IO[bytes]) -> Inspection:
    """Check a `.h5p` file (a seekable binary file) and report every problem.

    Nothing is written anywhere: the members are read (and counted) in memory.
    """
    inspection = Inspection()
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        inspection.refuse(_("This is not an H5P package: the file is not a zip."))
        return inspection
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            inspection.refuse(
                _("The package holds more than %(n)s files.") % {"n": MAX_MEMBERS}
            )
            return inspection
        seen: dict[str, str] = {}
        files: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            problem = _name_problem(name)
            if problem:
                inspection.refuse(problem)
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                inspection.refuse(_("“%(name)s” is a symbolic link.") % {"name": name})
                continue
            if info.flag_bits & 0x1:
                inspection.refuse(_("“%(name)s” is encrypted.") % {"name": name})
                continue
            key = name.rstrip("/").lower()
            if key in seen:
                inspection.refuse(
                    _("“%(name)s” appears twice (names differing only in case count "
                      "as the same).") % {"name": name}
                )  # fmt: skip
                continue
            seen[key] = name
            if info.is_dir():
                continue
            problem = _extension_problem(name)
            if problem:
                inspection.refuse(problem)
                continue
            top = name.split("/", 1)[0]
            if "/" in name and top != "content" and not LIBRARY_FOLDER.match(top):
                inspection.refuse(
                    _("“%(name)s” is not in a library folder named like "
                      "Machine.Name-1.0.") % {"name": top}
                )  # fmt: skip
                continue
            files[name] = info
        if inspection.problems:
            return inspection

        budget = [MAX_TOTAL_BYTES]
        contents: dict[str, bytes] = {}
        for name, info in files.items():
            data = _read(archive, info, budget)
            if isinstance(data, str):
                inspection.refuse(data)
                if budget[0] < 0:
                    return inspection
                continue
            if name.endswith(".json"):
                contents[name] = data
        if inspection.problems:
            return inspection

    if "h5p.json" not in files:
        inspection.refuse(_("h5p.json is missing at the top of the package."))
        return inspection
    h5p = _json(contents["h5p.json"], "h5p.json", inspection)
    needed = _check_h5p_json(h5p, inspection) if h5p is not None else set()
    if "content/content.json" not in files:
        inspection.refuse(_("content/content.json is missing."))
    else:
        _json(contents["content/content.json"], "content/content.json", inspection)

    libraries = {name.split("/", 1)[0] for name in files if "/" in name} - {"content"}
    for folder in sorted(libraries):
        library_json = f"{folder}/library.json"
        if library_json not in contents:
            inspection.refuse(_("%(where)s is missing.") % {"where": library_json})
            continue
        data = _json(contents[library_json], library_json, inspection)
        if data is not None:
            needed |= _check_library(folder, data, set(files), inspection)
    for folder in sorted(needed - libraries):
        inspection.refuse(
            _("The library %(folder)s is needed but not in the package.")
            % {"folder": folder}
        )
    if inspection.accepted:
        inspection.h5p = h5p
        inspection.members = sorted(files)
    return inspection
