"""H5P packages built in the tests: a minimal self-written library, and the real
TrueFalse package from the npm package h5p-standalone 2.1.0 (test/workspace)."""

import io
import json
import zipfile

from h5p.demo import workspace_package


def h5p_json(**overrides) -> dict:
    data = {
        "title": "Hallo",
        "language": "nl",
        "mainLibrary": "H5P.Hello",
        "embedTypes": ["div"],
        "preloadedDependencies": [
            {"machineName": "H5P.Hello", "majorVersion": 1, "minorVersion": 0}
        ],
    }
    data.update(overrides)
    return data


def library_json(**overrides) -> dict:
    data = {
        "title": "Hello",
        "machineName": "H5P.Hello",
        "majorVersion": 1,
        "minorVersion": 0,
        "patchVersion": 0,
        "runnable": 1,
        "coreApi": {"majorVersion": 1, "minorVersion": 19},
        "preloadedJs": [{"path": "hello.js"}],
        "preloadedCss": [{"path": "hello.css"}],
    }
    data.update(overrides)
    return data


def minimal_members() -> dict[str, bytes]:
    """A valid package of one self-written library."""
    return {
        "h5p.json": json.dumps(h5p_json()).encode(),
        "content/content.json": b'{"text": "Hallo wereld"}',
        "content/images/foto.png": b"\x89PNG fake",
        "H5P.Hello-1.0/library.json": json.dumps(library_json()).encode(),
        "H5P.Hello-1.0/hello.js": b"H5P.Hello = function () {};",
        "H5P.Hello-1.0/hello.css": b".h5p-hello { color: black; }",
    }


def build_package(members: dict[str, bytes] | None = None, **changes) -> bytes:
    """A zip of `members` (default: the minimal package) with `changes` applied:
    a member set to None is left out."""
    members = {**(members or minimal_members()), **changes}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if data is not None:
                archive.writestr(name, data)
    return out.getvalue()


def true_false_package() -> bytes:
    """The real H5P.TrueFalse content that ships in h5p-standalone 2.1.0."""
    return workspace_package()


# A block of the given height and two buttons that change it, by plain DOM changes:
# the instance is no H5P event dispatcher and never asks H5P to resize.
TALL_JS = b"""H5P.Hello = function (params) { this.params = params || {}; };
H5P.Hello.prototype.attach = function ($container) {
  var root = $container.get(0);
  var block = document.createElement("div");
  block.className = "h5p-hello__block";
  block.style.height = this.params.height + "px";
  function button(label, height) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.addEventListener("click", function () { block.style.height = height + "px"; });
    root.appendChild(element);
  }
  button("Groter", this.params.taller);
  button("Kleiner", this.params.shorter);
  root.appendChild(block);
  var end = document.createElement("p");
  end.className = "h5p-hello__end";
  end.textContent = "Einde van de oefening";
  root.appendChild(end);
};
"""


def tall_package(height: int = 900, taller: int = 1400, shorter: int = 600) -> bytes:
    """The self-written library, rendering a block `height` px high that the buttons
    "Groter" and "Kleiner" make `taller` and `shorter` px high."""
    content = {"height": height, "taller": taller, "shorter": shorter}
    return build_package(
        **{
            "content/content.json": json.dumps(content).encode(),
            "H5P.Hello-1.0/hello.js": TALL_JS,
            "H5P.Hello-1.0/hello.css": b".h5p-hello__block { background: #dde; }",
        }
    )


def dutch_true_false_package() -> bytes:
    """The real TrueFalse content with the demo's Dutch question and labels
    ("Waar", "Niet waar", "Controleer"; "Niet waar" is right)."""
    from h5p.demo import DUTCH

    return workspace_package(DUTCH)
