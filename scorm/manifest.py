"""Reading `imsmanifest.xml`, SCORM 1.2 and 2004, into what the platform keeps of it.

A manifest says which SCORM version the package speaks, which organization is the
default, its items in order (the learner meets nested items in document order), and
for each item the resource it launches. The result is the normalised form documented
on `ScormPackage`; the runtime reads nothing else.

Rules the reading follows, where the specification leaves a choice:

- Elements of the content packaging are matched by local name, whatever namespace
  the tool wrote (tools differ, some write none); the ADL attributes
  (`scormtype`/`scormType`, `masteryscore`, `datafromlms`/`dataFromLMS`) likewise.
- The version comes from `<schemaversion>` ("1.2"; "CAM 1.3", "2004 3rd Edition",
  "2004 4th Edition" for SCORM 2004); without one, from the ADL namespace the
  manifest uses. Any other version is refused.
- An item whose resource is an asset (not a SCO) is still launched, as the
  specification allows: it is kept in order, marked `"asset": true`; an asset never
  speaks to the runtime, so the runtime counts it completed once it is opened.
- `xml:base` of the manifest, `<resources>` and `<resource>` is put before a
  resource's `href` and its files' (a base names a folder: a missing final `/` is
  added). Launched pages must lie inside the package: an absolute URL or a path
  out of it is refused.
- The XML is read with `defusedxml`: entity declarations and external references are
  refused (no XXE, no billion laughs).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

MANIFEST = "imsmanifest.xml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSCP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"

#: `<schemaversion>` as the specifications write it (compared without case or extra
#: spaces), and the version it means.
SCHEMA_VERSIONS = {
    "1.2": "1.2",
    "cam 1.3": "2004",
    "2004 3rd edition": "2004",
    "2004 4th edition": "2004",
}
#: Without `<schemaversion>`, the namespaces that say the version.
NAMESPACE_VERSIONS = {ADLCP_2004: "2004", ADLCP_12: "1.2", IMSCP_12: "1.2"}
#: The range of a mastery score: 1.2's `cmi.student_data.mastery_score` (0–100),
#: 2004's `cmi.scaled_passing_score` (−1 to 1).
MASTERY_RANGES = {"1.2": (0.0, 100.0), "2004": (-1.0, 1.0)}


class ManifestError(Exception):
    """The manifest cannot be used; `problems` says why, each naming what it is about."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ManifestReading:
    """A manifest as read: the normalised form (empty when unusable), the files its
    resources name (package path → the resource naming it), and every problem."""

    manifest: dict = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class _Outside(ValueError):
    """A path that leaves the package, or an address elsewhere."""


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and "}" in tag else ""


def _child(element, name: str):
    """The first child named `name`, in any namespace and any case (`datafromlms`
    in 1.2 is `dataFromLMS` in 2004)."""
    return next((c for c in element if _local(c.tag).lower() == name.lower()), None)


def _children(element, name: str) -> list:
    return [c for c in element if _local(c.tag).lower() == name.lower()]


def _attribute(element, name: str) -> str | None:
    """An attribute by local name, in any namespace and any case (`scormtype` is
    `scormType` in 2004)."""
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value
    return None


def _text(element) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _resolve(*parts: str | None) -> str:
    """A URL relative to the package's root from `xml:base` values and an `href`,
    its path percent-encoded.

    Raises _Outside for an absolute URL or a path that leaves the package.
    """
    given = [part for part in parts if part]
    joined = ""
    for number, part in enumerate(given):
        split = urlsplit(part)
        if split.scheme or split.netloc or part.startswith("/"):
            raise _Outside(part)
        if number < len(given) - 1 and not part.endswith("/"):
            part += "/"  # a base names a folder
        joined = joined[: joined.rfind("/") + 1] + part
    split = urlsplit(joined)
    segments: list[str] = []
    for segment in split.path.split("/"):
        if segment == "..":
            if not segments:
                raise _Outside(joined)
            segments.pop()
        elif segment not in (".", ""):
            segments.append(segment)
    if not segments:
        raise _Outside(joined)
    # Encoded once, whether the manifest wrote "start hier.html" or "start%20hier".
    path = quote(unquote("/".join(segments)), safe="/")
    return (
        path
        + (f"?{split.query}" if split.query else "")
        + (f"#{split.fragment}" if split.fragment else "")
    )


def package_path(url: str) -> str:
    """The file in the package a resolved URL names: without query and fragment,
    percent-decoded."""
    return posixpath.normpath(unquote(urlsplit(url).path))


def _version(root, problems: list[str]) -> str | None:
    metadata = _child(root, "metadata")
    schema = _child(metadata, "schemaversion") if metadata is not None else None
    if schema is not None and _text(schema):
        written = _text(schema)
        version = SCHEMA_VERSIONS.get(" ".join(written.lower().split()))
        if version is None:
            problems.append(
                _(
                    "imsmanifest.xml: SCORM version “%(version)s” is not supported; "
                    "the platform plays SCORM 1.2 and SCORM 2004 (2nd to 4th "
                    "edition)."
                )
                % {"version": written}
            )
        return version
    namespaces = set()
    for element in root.iter():
        namespaces.add(_namespace(element.tag))
        namespaces.update(_namespace(key) for key in element.attrib)
    for namespace, version in NAMESPACE_VERSIONS.items():
        if namespace in namespaces:
            return version
    problems.append(
        _(
            "imsmanifest.xml does not say which SCORM version it is (no "
            "<schemaversion> and no SCORM namespace): is this a SCORM package?"
        )
    )
    return None


def _organization(root):
    organizations = _child(root, "organizations")
    if organizations is None:
        return None
    candidates = _children(organizations, "organization")
    default = organizations.get("default")
    return next(
        (o for o in candidates if o.get("identifier") == default),
        candidates[0] if candidates else None,
    )


def _mastery(item, version: str, where: str, problems: list[str]) -> float | None:
    """The item's mastery score in its version's own scale (see MASTERY_RANGES)."""
    if version == "1.2":
        element = _child(item, "masteryscore")
        written = _text(element) if element is not None else ""
    else:
        sequencing = _child(item, "sequencing")
        objectives = (
            _child(sequencing, "objectives") if sequencing is not None else None
        )
        primary = (
            _child(objectives, "primaryObjective") if objectives is not None else None
        )
        if primary is None or primary.get("satisfiedByMeasure") != "true":
            return None
        measure = _child(primary, "minNormalizedMeasure")
        written = _text(measure) if measure is not None else "1.0"
    if not written:
        return None
    low, high = MASTERY_RANGES[version]
    try:
        score = float(written)
    except ValueError:
        score = None
    if score is None or not low <= score <= high:
        problems.append(
            _(
                "imsmanifest.xml, item “%(item)s”: the mastery score “%(score)s” is "
                "not a number from %(low)s to %(high)s."
            )
            % {"item": where, "score": written, "low": low, "high": high}
        )
        return None
    return score


def _resources(root, problems: list[str]) -> tuple[dict, dict[str, str]]:
    """The resources by identifier, each with its launch URL (or None), whether it is
    an asset, and the files the resources name."""
    resources_element = _child(root, "resources")
    bases = [root.get(XML_BASE)]
    if resources_element is None:
        return {}, {}
    bases.append(resources_element.get(XML_BASE))
    resources: dict[str, dict] = {}
    files: dict[str, str] = {}
    for resource in _children(resources_element, "resource"):
        identifier = resource.get("identifier", "")
        base = [*bases, resource.get(XML_BASE)]
        scorm_type = (_attribute(resource, "scormtype") or "asset").strip().lower()
        href = resource.get("href")
        launch = None
        if href:
            try:
                launch = _resolve(*base, href)
            except _Outside:
                problems.append(
                    _(
                        "imsmanifest.xml, resource “%(resource)s”: “%(href)s” is "
                        "not inside the package."
                    )
                    % {"resource": identifier, "href": href}
                )
            else:
                files.setdefault(package_path(launch), identifier)
        for file in _children(resource, "file"):
            file_href = file.get("href") or ""
            if file_href == href and file.get(XML_BASE) is None:
                continue  # the launched page, counted (or refused) above
            try:
                files.setdefault(
                    package_path(_resolve(*base, file.get(XML_BASE), file_href)),
                    identifier,
                )
            except _Outside:
                problems.append(
                    _(
                        "imsmanifest.xml, resource “%(resource)s”: the file "
                        "“%(href)s” is not inside the package."
                    )
                    % {"resource": identifier, "href": file_href}
                )
        resources[identifier] = {
            "href": launch,
            "asset": scorm_type != "sco",
            "written": href,
        }
    return resources, files


def inspect_manifest(data: bytes) -> ManifestReading:
    """Read a manifest's bytes and report every problem (see the module's rules)."""
    reading = ManifestReading()
    problems = reading.problems
    try:
        root = fromstring(data)
    except DefusedXmlException:
        problems.append(
            _(
                "imsmanifest.xml declares entities or refers to outside documents, "
                "which is not allowed."
            )
        )
        return reading
    except ParseError as error:
        problems.append(
            _("imsmanifest.xml is not valid XML (line %(line)s).")
            % {"line": error.position[0]}
        )
        return reading
    if _local(root.tag) != "manifest":
        problems.append(_("imsmanifest.xml does not hold a <manifest>."))
        return reading
    version = _version(root, problems)
    resources, reading.files = _resources(root, problems)
    organization = _organization(root)
    if organization is None:
        problems.append(_("imsmanifest.xml has no organization (no items to play)."))
        return reading

    scos: list[dict] = []
    seen: set[str] = set()
    for item in organization.iter():
        if _local(item.tag) != "item" or not item.get("identifierref"):
            continue
        identifier = item.get("identifier", "")
        title = _text(_child(item, "title")) or identifier
        reference = item.get("identifierref")
        if not identifier or identifier in seen:
            problems.append(
                _(
                    "imsmanifest.xml, item “%(item)s”: its identifier is missing or "
                    "used twice."
                )
                % {"item": title}
            )
            continue
        seen.add(identifier)
        resource = resources.get(reference)
        if resource is None:
            problems.append(
                _(
                    "imsmanifest.xml, item “%(item)s”: the resource “%(resource)s” "
                    "is not in the manifest."
                )
                % {"item": identifier, "resource": reference}
            )
            continue
        if resource["href"] is None:
            if not resource["written"]:
                problems.append(
                    _(
                        "imsmanifest.xml, item “%(item)s”: the resource “%(resource)s” "
                        "has no page to open (no href)."
                    )
                    % {"item": identifier, "resource": reference}
                )
            continue
        scos.append(
            {
                "identifier": identifier,
                "title": title,
                "href": resource["href"],
                "parameters": item.get("parameters", ""),
                "mastery_score": _mastery(item, version, identifier, problems)
                if version
                else None,
                "launch_data": _text(_child(item, "datafromlms")),
                "asset": resource["asset"],
            }
        )
    if not scos and not problems:
        problems.append(
            _("imsmanifest.xml: the default organization has no item to play.")
        )
    if version and not problems:
        reading.manifest = {
            "identifier": root.get("identifier", ""),
            "title": _text(_child(organization, "title"))
            or (scos[0]["title"] if scos else ""),
            "version": version,
            "scos": scos,
        }
    return reading


def read_manifest(data: bytes) -> dict:
    """The normalised manifest (see `ScormPackage`) from `imsmanifest.xml`'s bytes.

    Takes the bytes rather than the zip: the caller reads them under the zip limits
    (`lms.zips`). Raises ManifestError with every problem found.
    """
    reading = inspect_manifest(data)
    if reading.problems:
        raise ManifestError(reading.problems)
    return reading.manifest
