"""H5P packages: every refusal of the validator, on packages built here; the real
TrueFalse package validates and unpacks; a refused package leaves nothing behind."""

import io
import json
import os
import zipfile
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from h5p.models import H5PPackage
from h5p.services import PackageRefused, package_extract, package_import
from h5p.validation import package_inspect
from lms import zips
from lms.storage import private_storage
from tests.factories import UserFactory
from tests.factories.h5p import (
    build_package,
    h5p_json,
    library_json,
    minimal_members,
    true_false_package,
)

pytestmark = pytest.mark.django_db


def problems(data: bytes) -> list[str]:
    return package_inspect(io.BytesIO(data)).problems


def raw_zip(entries) -> bytes:
    """A zip written member by member, with ZipInfo tricks the tests need."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return out.getvalue()


def with_members(*extra) -> bytes:
    entries = [
        (zipfile.ZipInfo(name), data) for name, data in minimal_members().items()
    ]
    return raw_zip(entries + list(extra))


def test_a_minimal_self_written_package_is_accepted():
    inspection = package_inspect(io.BytesIO(build_package()))
    assert inspection.problems == []
    assert inspection.h5p["mainLibrary"] == "H5P.Hello"
    assert "H5P.Hello-1.0/hello.js" in inspection.members


def test_the_real_true_false_package_is_accepted():
    inspection = package_inspect(io.BytesIO(true_false_package()))
    assert inspection.problems == []
    assert inspection.h5p["mainLibrary"] == "H5P.TrueFalse"


def test_not_a_zip():
    found = problems(b"PK but not really a zip")
    assert len(found) == 1 and "zip" in found[0]


@pytest.mark.parametrize(
    "name",
    [
        "../evil.js",
        "content/../../evil.json",
        "/etc/evil.json",
        "C:/evil.json",
        "content\\evil.json",
        "H5P.Hello-1.0/../../evil.js",
    ],
)
def test_zip_slip_variants_are_refused(name):
    found = problems(with_members((zipfile.ZipInfo(name), b"{}")))
    assert len(found) == 1 and name in found[0]


def test_a_symlink_is_refused():
    link = zipfile.ZipInfo("content/link.json")
    link.external_attr = 0o120777 << 16
    found = problems(with_members((link, b"/etc/passwd")))
    assert len(found) == 1 and "content/link.json" in found[0]


def test_an_encrypted_member_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in minimal_members().items():
            archive.writestr(name, data)
        archive.writestr("content/secret.json", b"{}")
        archive.filelist[-1].flag_bits |= 0x1  # marked encrypted in the directory
    found = problems(out.getvalue())
    assert len(found) == 1 and "content/secret.json" in found[0]


def test_names_differing_only_in_case_are_refused():
    found = problems(with_members((zipfile.ZipInfo("content/CONTENT.json"), b"{}")))
    assert len(found) == 1 and "content/CONTENT.json" in found[0]


@pytest.mark.parametrize(
    "name",
    [
        "content/page.html",
        "H5P.Hello-1.0/page.htm",
        "content/drawing.svg",
        "content/script.js",
        "content/README",
        "H5P.Hello-1.0/run.php",
        "notes.txt",
        "Random/file.js",
    ],
)
def test_forbidden_files_are_refused(name):
    found = problems(build_package(**{name: b"x"}))
    assert len(found) == 1 and name.split("/")[0] in found[0]


def test_svg_js_css_xml_are_fine_inside_a_library():
    data = build_package(
        **{
            "H5P.Hello-1.0/icon.svg": b"<svg/>",
            "H5P.Hello-1.0/extra.xml": b"<x/>",
        }
    )
    assert problems(data) == []


def test_a_zip_bomb_is_stopped_on_the_bytes_decompressed():
    found = problems(build_package(**{"content/zeros.json": b"0" * (8 * 1024 * 1024)}))
    assert len(found) == 1 and "content/zeros.json" in found[0]


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(zips, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(zips, "MAX_RATIO", 10**9)
    found = problems(build_package(**{"content/big.json": b"1" * 5000}))
    assert len(found) == 1 and "content/big.json" in found[0]


def test_the_total_size_limit_counts_what_is_unpacked(monkeypatch):
    monkeypatch.setattr(zips, "MAX_TOTAL_BYTES", 3000)
    monkeypatch.setattr(zips, "MAX_RATIO", 10**9)
    members = {f"content/part{n}.json": b"2" * 1000 for n in range(5)}
    assert len(problems(build_package(**members))) == 1


def test_too_many_members_are_refused(monkeypatch):
    monkeypatch.setattr(zips, "MAX_MEMBERS", 10)
    members = {f"content/{n}.json": b"{}" for n in range(10)}
    assert len(problems(build_package(**members))) == 1


@pytest.mark.parametrize("lie", [5, 10_000])
def test_a_member_lying_about_its_size_is_refused(lie):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in minimal_members().items():
            archive.writestr(name, data)
        archive.writestr("content/lie.json", b'{"a": "' + b"x" * 500 + b'"}')
        archive.filelist[-1].file_size = lie  # written so in the central directory
    found = problems(out.getvalue())
    assert len(found) == 1 and "content/lie.json" in found[0]


def test_a_missing_dependency_is_refused():
    dependencies = [
        {"machineName": "H5P.Hello", "majorVersion": 1, "minorVersion": 0},
        {"machineName": "H5P.Missing", "majorVersion": 2, "minorVersion": 3},
    ]
    data = build_package(
        **{
            "h5p.json": json.dumps(
                h5p_json(preloadedDependencies=dependencies)
            ).encode()
        }
    )
    found = problems(data)
    assert len(found) == 1 and "H5P.Missing-2.3" in found[0]


def test_a_library_needing_a_newer_core_is_refused():
    library = library_json(coreApi={"majorVersion": 1, "minorVersion": 99})
    found = problems(
        build_package(**{"H5P.Hello-1.0/library.json": json.dumps(library).encode()})
    )
    assert len(found) == 1 and "1.99" in found[0]


def test_a_library_json_naming_a_missing_script_is_refused():
    library = library_json(preloadedJs=[{"path": "gone.js"}])
    found = problems(
        build_package(**{"H5P.Hello-1.0/library.json": json.dumps(library).encode()})
    )
    assert len(found) == 1 and "gone.js" in found[0]


def test_a_library_json_not_matching_its_folder_is_refused():
    library = library_json(majorVersion=2)
    found = problems(
        build_package(**{"H5P.Hello-1.0/library.json": json.dumps(library).encode()})
    )
    assert len(found) == 1 and "H5P.Hello-1.0/library.json" in found[0]


@pytest.mark.parametrize(
    "h5p, expected",
    [
        (b"{not json", 1),
        (json.dumps(h5p_json(title="")).encode(), 1),
        (
            json.dumps(
                {k: v for k, v in h5p_json().items() if k != "language"}
            ).encode(),
            1,
        ),
        (json.dumps(h5p_json(mainLibrary="H5P.Other")).encode(), 1),
        (json.dumps(h5p_json(embedTypes=["script"])).encode(), 1),
        (json.dumps(h5p_json(preloadedDependencies="H5P.Hello")).encode(), 2),
    ],
)
def test_a_bad_h5p_json_is_refused_with_every_reason(h5p, expected):
    assert len(problems(build_package(**{"h5p.json": h5p}))) == expected


def test_missing_h5p_json_and_content_json_are_both_reported():
    found = problems(build_package(**{"h5p.json": None, "content/content.json": None}))
    assert len(found) == 1  # without h5p.json nothing else can be checked
    found = problems(build_package(**{"content/content.json": None}))
    assert len(found) == 1 and "content/content.json" in found[0]


def test_every_problem_is_reported_at_once():
    data = build_package(**{"content/a.html": b"x", "content/b.svg": b"x"})
    assert len(problems(data)) == 2


# --- Import, storage and unpacking -------------------------------------------------


def test_a_refused_package_leaves_nothing_on_disk(settings):
    with pytest.raises(PackageRefused) as refused:
        package_import(upload=io.BytesIO(build_package(**{"content/x.html": b"x"})))
    assert refused.value.problems
    assert not H5PPackage.objects.exists()
    assert not settings.PRIVATE_MEDIA_ROOT.exists() or not any(
        settings.PRIVATE_MEDIA_ROOT.rglob("*")
    )


def test_the_real_package_is_stored_once_and_unpacked(
    django_capture_on_commit_callbacks,
):
    data = true_false_package()
    with django_capture_on_commit_callbacks(execute=True):
        package, created = package_import(upload=io.BytesIO(data), title="Waar of niet")
    assert created
    package.refresh_from_db()
    assert package.status == H5PPackage.Status.READY
    assert package.title == "Waar of niet"
    assert package.main_library == "H5P.TrueFalse"
    folder = private_storage.path(package.folder)
    with open(f"{folder}/content/content.json", encoding="utf-8") as content:
        assert json.load(content)["correct"] == "false"
    again, created = package_import(upload=io.BytesIO(data))
    assert (again.pk, created) == (package.pk, False)
    assert H5PPackage.objects.count() == 1


def test_a_stored_file_that_no_longer_checks_out_fails_with_reasons():
    package, _ = package_import(upload=io.BytesIO(build_package()))
    with private_storage.open(package.file.name, "wb") as stored:
        stored.write(b"overwritten")
    package = package_extract(package.pk)
    assert package.status == H5PPackage.Status.FAILED
    assert package.problems
    assert not os.path.exists(private_storage.path(package.folder))


def test_the_command_prints_the_id_or_the_reasons(tmp_path):
    good = tmp_path / "oefening.h5p"
    good.write_bytes(build_package())
    out = StringIO()
    call_command("import_h5p", str(good), "--title", "Oefening", stdout=out)
    package = H5PPackage.objects.get()
    assert out.getvalue().startswith(f"{package.pk}\t")
    bad = tmp_path / "kwaad.h5p"
    bad.write_bytes(build_package(**{"content/x.html": b"x"}))
    with pytest.raises(CommandError) as error:
        call_command("import_h5p", str(bad))
    assert "content/x.html" in str(error.value)


def test_uploading_in_the_admin_needs_the_h5p_permission(client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    upload = io.BytesIO(build_package())
    upload.name = "oefening.h5p"
    response = client.post(reverse("h5p_upload"), {"file": upload})
    assert response.status_code in (302, 403)
    assert not H5PPackage.objects.exists()
    editor.user_permissions.add(Permission.objects.get(codename="upload_h5p"))
    editor = type(editor).objects.get(pk=editor.pk)  # fresh permission cache
    client.force_login(editor)
    bad = io.BytesIO(build_package(**{"content/x.svg": b"<svg/>"}))
    bad.name = "slecht.h5p"
    response = client.post(reverse("h5p_upload"), {"file": bad})
    assert response.status_code == 400
    assert "content/x.svg" in response.content.decode()
    upload.seek(0)
    client.post(reverse("h5p_upload"), {"file": upload, "title": "Hallo"})
    assert H5PPackage.objects.get().title == "Hallo"
    listing = client.get(reverse("h5p_packages")).content.decode()
    assert "Hallo" in listing and "H5P.Hello" in listing
