"""What real hub packages carry (issue 21): the files H5P core allows, the core API of
the hub's current libraries, the hidden files H5P core leaves out; and what Lumi's
validator refuses: a broken language file, a library without a title. The old
protections still hold."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from h5p.models import H5PPackage
from h5p.services import package_import
from h5p.validation import CORE_WHITELIST, SUPPORTED_CORE_API, package_inspect
from lms.storage import private_storage
from tests.factories.h5p import (
    build_package,
    course_presentation_package,
    drag_text_package,
    library_json,
    multi_choice_package,
    question_set_package,
)

pytestmark = pytest.mark.django_db


def problems(data: bytes) -> list[str]:
    with translation.override("en"):
        return package_inspect(io.BytesIO(data)).problems


def with_library(**fields) -> bytes:
    library = json.dumps(library_json(**fields)).encode()
    return build_package(**{"H5P.Hello-1.0/library.json": library})


def test_a_jquery_ui_library_with_patch_and_diff_files_is_accepted():
    inspection = package_inspect(io.BytesIO(drag_text_package()))
    assert inspection.problems == []
    assert "jQuery.ui-1.10/jquery-ui-touch.patch" in inspection.members
    assert "jQuery.ui-1.10/h5p-jquery-ui.diff" in inspection.members


@pytest.mark.parametrize("extension", sorted(CORE_WHITELIST | {"js", "css"}))
def test_every_extension_h5p_core_allows_is_accepted_in_a_library(extension):
    assert problems(build_package(**{f"H5P.Hello-1.0/file.{extension}": b"x"})) == []


@pytest.mark.parametrize("extension", sorted(CORE_WHITELIST - {"svg", "xml"}))
def test_the_content_takes_what_h5p_core_allows(extension):
    assert problems(build_package(**{f"content/file.{extension}": b"x"})) == []


@pytest.mark.parametrize(
    "name",
    [
        "content/drawing.svg",
        "content/data.xml",
        "content/script.js",
        "content/style.css",
        "content/page.html",
        "H5P.Hello-1.0/page.html",
        "H5P.Hello-1.0/run.php",
        "H5P.Hello-1.0/README",
        "notes.patch",
        "Random/file.diff",
        "../evil.patch",
        "__MACOSX/../../evil.js",
    ],
)
def test_the_old_protections_still_refuse(name):
    found = problems(build_package(**{name: b"x"}))
    assert len(found) == 1 and name.split("/")[0] in found[0]


def test_hidden_files_are_left_out_as_h5p_core_does(django_capture_on_commit_callbacks):
    hidden = {
        "__MACOSX/content/._content.json": b"\x00\x05",
        ".DS_Store": b"\x00",
        "H5P.Hello-1.0/.eslintrc": b"{}",
        "H5P.Hello-1.0/_build/tool.sh": b"rm -rf /",
        "content/.cache/x.html": b"<script></script>",
    }
    data = build_package(**hidden)
    inspection = package_inspect(io.BytesIO(data))
    assert inspection.problems == []
    assert not set(hidden) & set(inspection.members)
    with django_capture_on_commit_callbacks(execute=True):
        package, _ = package_import(upload=io.BytesIO(data))
    package.refresh_from_db()
    assert package.status == H5PPackage.Status.READY
    assert private_storage.exists(f"{package.folder}/H5P.Hello-1.0/hello.js")
    for name in hidden:
        assert not private_storage.exists(f"{package.folder}/{name}")


@pytest.mark.parametrize("minor", [24, 27, 28])
def test_libraries_for_the_players_core_are_accepted(minor):
    assert (
        problems(with_library(coreApi={"majorVersion": 1, "minorVersion": minor})) == []
    )


def test_a_library_for_a_newer_core_than_the_players_is_refused():
    newer = {"majorVersion": 1, "minorVersion": SUPPORTED_CORE_API[1] + 1}
    found = problems(with_library(coreApi=newer))
    assert found == [
        f"H5P.Hello-1.0 needs H5P core 1.{newer['minorVersion']}; "
        "the player supports 1.28."
    ]


def test_the_hubs_current_multiple_choice_and_mark_the_words_core_is_accepted():
    # Both need core API 1.27 since their 2024 versions; the player refused them.
    for data in (multi_choice_package(), question_set_package()):
        assert problems(data) == []


def test_a_language_file_that_is_not_json_is_refused():
    found = problems(
        build_package(**{"H5P.Hello-1.0/language/nl.json": b'{"semantics": [,]}'})
    )
    assert found == [
        "The language file “H5P.Hello-1.0/language/nl.json” is not valid JSON."
    ]


def test_a_valid_language_file_is_accepted():
    data = build_package(**{"H5P.Hello-1.0/language/nl.json": b'{"semantics": []}'})
    assert problems(data) == []


@pytest.mark.parametrize("title", [None, "", "   ", 5])
def test_a_library_without_a_title_is_refused(title):
    library = library_json(title=title)
    if title is None:
        del library["title"]
    found = problems(
        build_package(**{"H5P.Hello-1.0/library.json": json.dumps(library).encode()})
    )
    assert found == ["H5P.Hello-1.0/library.json has no title."]


def test_an_undeclared_library_without_a_title_is_refused_too():
    # Carried in the package, needed by nothing: still checked.
    extra = {
        "title": "",
        "machineName": "H5P.Extra",
        "majorVersion": 1,
        "minorVersion": 0,
    }
    found = problems(
        build_package(
            **{
                "H5P.Extra-1.0/library.json": json.dumps(extra).encode(),
                "H5P.Extra-1.0/extra.js": b"",
            }
        )
    )
    assert found == ["H5P.Extra-1.0/library.json has no title."]


@pytest.mark.parametrize(
    "build", [multi_choice_package, question_set_package, course_presentation_package]
)
def test_the_hub_shaped_packages_are_accepted(build):
    assert problems(build()) == []


def test_the_player_bundles_the_core_it_is_said_to_support():
    # SUPPORTED_CORE_API rests on what h5p-standalone bundles: H5P core's scripts and
    # styles with the theme support of core API 1.28. A player without it (an older
    # h5p-standalone) must lower the number again.
    player = Path(settings.BASE_DIR) / "node_modules" / "h5p-standalone"
    assert json.loads((player / "package.json").read_text())["version"] == "3.8.2"
    frame = (player / "dist" / "frame.bundle.js").read_text()
    styles = (player / "dist" / "styles" / "h5p.css").read_text()
    assert "H5PIntegration.theme" in frame and "h5p-theme-primary-cta" in frame
    assert "--h5p-theme-main-cta-base" in styles and "h5p-core-30" in styles
    assert SUPPORTED_CORE_API == (1, 28)
