"""Checks an uploaded `.h5p` file before anything of it is written or extracted.

A package is a zip with `h5p.json` at the top, the content in `content/` and one folder
per library (`Machine.Name-major.minor`). A package carries JavaScript, so the checks
are strict and every reason for refusing is reported, in plain words:

- it is a real zip, without absolute paths, `..`, backslashes, symlinks, encrypted
  members or names that differ only in case;
- every file has an extension H5P core itself accepts (its default whitelist, so the
  `.patch`/`.diff` files of the hub's jQuery UI library pass), with two limits of our
  own: `js css` only inside library folders, and never an SVG or XML file under
  `content/` (either can carry script when opened on its own); never `.html`. As H5P
  core does, a file or folder whose name starts with `.` or `_` (`__MACOSX/`,
  `.DS_Store`) is left out: not checked, never unpacked;
- the numbers of members, the size of each file, the total size and the compression
  ratio stay within limits, counted on the bytes actually decompressed (a member whose
  header lies about its size is caught);
- `h5p.json` and `content/content.json` are valid, every dependency is bundled with a
  valid `library.json` (with a title, as Lumi's validator asks) and its preloaded
  files, every language file is valid JSON, and no library needs a newer H5P core
  than the player has.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from lms import zips

#: The H5P core API the player implements. h5p-standalone 3.8.2 bundles H5P core's
#: scripts and styles at the level of core API 1.28 (the theme variables, the themed
#: confirmation dialog, `H5PIntegration.theme`, the h5p-core-30 icon font), which the
#: hub's current Multiple Choice and Mark the Words (core API 1.27 and up) need.
SUPPORTED_CORE_API = (1, 28)

#: H5P core's default whitelist for content, as h5p-php-library writes it
#: (`H5PCore::$defaultContentWhitelist`); libraries may also hold `js css`
#: (`$defaultLibraryWhitelistExtras`).
CORE_DEFAULT_WHITELIST = (
    "json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 "
    "m4a wav txt pdf rtf doc docx xls xlsx ppt pptx odt ods odp xml csv diff patch swf "
    "md textile vtt webvtt gltf glb"
)
CORE_WHITELIST = frozenset(CORE_DEFAULT_WHITELIST.split())
#: What a package may hold in `content/`: core's list (and WebP, accepted before core
#: listed it), less SVG and XML, which can run script when opened on their own.
CONTENT_EXTENSIONS = (CORE_WHITELIST | {"webp"}) - {"svg", "xml"}
LIBRARY_EXTENSIONS = CORE_WHITELIST | {"webp", "js", "css"}
NEVER = frozenset(["html", "htm", "xhtml", "php", "exe"])
LIBRARY_FOLDER = re.compile(
    r"^(?P<name>[A-Za-z0-9_.]+)-(?P<major>\d+)\.(?P<minor>\d+)$"
)
EMBED_TYPES = {"div", "iframe"}
LANGUAGE_FILE = re.compile(r"^[^/]+/language/[^/]+\.json$")


@dataclass
class Inspection(zips.Inspection):
    """What the checks found; for an accepted package also its `h5p.json`."""

    h5p: dict = field(default_factory=dict)


def _extension_problem(name: str) -> str | None:
    top, _sep, rest = name.partition("/")
    filename = name.rsplit("/", 1)[-1]
    if "." not in filename.strip("."):
        return _("“%(name)s” has no file extension.") % {"name": name}
    extension = filename.rsplit(".", 1)[-1].lower()
    if extension in NEVER:
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
        if extension == "xml":
            return _("“%(name)s”: XML files are not allowed in the content.") % {
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


def _ignored(name: str) -> bool:
    """Whether H5P core leaves the member out: a file or folder whose name starts
    with `.` or `_` (`__MACOSX/`, `.DS_Store`, a library's `.eslintrc`)."""
    return any(part.startswith((".", "_")) for part in name.split("/"))


def _file_problem(name: str) -> str | None:
    """Why a file may not be in an H5P package: its extension, or its folder."""
    if _ignored(name):
        return None
    problem = _extension_problem(name)
    if problem:
        return problem
    top = name.split("/", 1)[0]
    if "/" in name and top != "content" and not LIBRARY_FOLDER.match(top):
        return _("“%(name)s” is not in a library folder named like "
                 "Machine.Name-1.0.") % {"name": top}  # fmt: skip
    return None


def _json(data: bytes, name: str, inspection: Inspection, problem: str = ""):
    """The member's JSON, or None with `problem` (a message naming `%(name)s`)
    reported."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        inspection.refuse(
            (problem or _("“%(name)s” is not valid JSON.")) % {"name": name}
        )
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
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        inspection.refuse(_("%(where)s has no title.") % {"where": where})
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
    read = zips.zip_contents(
        upload,
        inspection,
        not_a_zip=_("This is not an H5P package: the file is not a zip."),
        file_problem=_file_problem,
        keep=lambda name: name.endswith(".json"),
        ignored=_ignored,
    )
    if read is None:
        return inspection
    files, contents = read

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
    for name in sorted(contents):
        if LANGUAGE_FILE.match(name) and name.split("/", 1)[0] in libraries:
            # H5P core reads it as JSON when it starts the content: a broken one
            # would stop the exercise in every learner's browser.
            _json(
                contents[name],
                name,
                inspection,
                _("The language file “%(name)s” is not valid JSON."),
            )
    for folder in sorted(needed - libraries):
        inspection.refuse(
            _("The library %(folder)s is needed but not in the package.")
            % {"folder": folder}
        )
    if inspection.accepted:
        inspection.h5p = h5p
        inspection.members = sorted(files)
    return inspection
