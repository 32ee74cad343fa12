"""SCORM packages: checked completely before anything is written (every refusal
leaves no row and no file), stored once, unpacked by the task, uploaded in the admin
and placed in lessons as activities (snippets)."""

import io
import os
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from lms import zips
from lms.storage import private_storage
from scorm.models import ScormActivity, ScormPackage
from scorm.services import PackageRefused, package_extract, package_import
from scorm.tasks import extract_scorm_package
from scorm.validation import package_inspect
from tests.factories import UserFactory
from tests.factories.scorm import scorm12_package, scorm2004_package
from tests.lms.test_object_storage import bucket, s3_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def members_12(**changes) -> dict[str, bytes]:
    """The SCORM 1.2 sample's members with `changes` (None leaves a member out)."""
    members = {**scorm12_package().members(), **changes}
    return {name: data for name, data in members.items() if data is not None}


def manifest_12(old: str, new: str) -> bytes:
    """The 1.2 sample's manifest with one piece of text replaced."""
    xml = scorm12_package().manifest_xml()
    assert old in xml
    return xml.replace(old, new).encode()


def refused(data: bytes) -> list[str]:
    """The problems `package_import` raises; it must have written nothing."""
    with pytest.raises(PackageRefused) as error:
        package_import(upload=io.BytesIO(data), title="Kwaad")
    assert not ScormPackage.objects.exists()
    root = private_storage.path("")
    assert not os.path.exists(root) or not any(
        files for _dir, _dirs, files in os.walk(root)
    )
    return error.value.problems


def test_a_scorm12_package_is_accepted_with_its_manifest():
    inspection = package_inspect(io.BytesIO(scorm12_package().zip()))
    assert inspection.problems == []
    assert inspection.manifest["version"] == "1.2"
    assert inspection.manifest["scos"][0]["href"] == "veilig/index.html"
    assert "shared/sco.js" in inspection.members


def test_a_scorm2004_multi_sco_package_is_accepted():
    inspection = package_inspect(io.BytesIO(scorm2004_package().zip()))
    assert inspection.problems == []
    assert len(inspection.manifest["scos"]) == 3


def test_pages_scripts_svg_and_a_percent_encoded_href_are_fine():
    manifest = manifest_12('href="veilig/index.html">', 'href="start%20hier.html">')
    data = zipped(
        members_12(
            **{
                "imsmanifest.xml": manifest,
                "start hier.html": b"<p>",
                "shared/logo.svg": b"<svg/>",
                "shared/lib/app.min.js": b"1",
                "LICENSE": b"CC BY",
            }
        )
    )
    assert package_inspect(io.BytesIO(data)).problems == []


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"not a zip at all", "zip"),
        (zipped(members_12(**{"imsmanifest.xml": None})), "imsmanifest.xml"),
        (
            zipped({f"cursus/{n}": d for n, d in scorm12_package().members().items()}),
            "cursus/",
        ),
        (zipped(members_12(**{"imsmanifest.xml": b"<manifest><oops>"})), "XML"),
        (
            zipped(
                members_12(
                    **{
                        "imsmanifest.xml": b'<?xml version="1.0"?><!DOCTYPE m ['
                        b'<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest>&x;'
                        b"</manifest>"
                    }
                )
            ),
            "entities",
        ),
        (
            zipped(
                members_12(
                    **{
                        "imsmanifest.xml": manifest_12(
                            "<schemaversion>1.2<", "<schemaversion>AICC 4<"
                        )
                    }
                )
            ),
            "AICC 4",
        ),
        (
            zipped(
                members_12(
                    **{
                        "imsmanifest.xml": manifest_12(
                            '<item identifier="item-veilig" '
                            'identifierref="res-veilig">',
                            '<item identifier="item-veilig">',
                        )
                    }
                )
            ),
            "no item",
        ),
        (zipped(members_12(**{"veilig/index.html": None})), "veilig/index.html"),
        (zipped(members_12(**{"shared/sco.css": None})), "shared/sco.css"),
        (
            zipped(
                members_12(
                    **{
                        "imsmanifest.xml": manifest_12(
                            'href="veilig/index.html">', 'href="../index.html">'
                        )
                    }
                )
            ),
            "../index.html",
        ),
        (zipped(members_12(**{"../../evil.html": b"x"})), "../../evil.html"),
        (zipped(members_12(**{"setup.exe": b"MZ"})), "setup.exe"),
        (zipped(members_12(**{"api/save.php": b"<?php"})), "api/save.php"),
        (zipped(members_12(**{"zeros.txt": b"0" * (8 * 1024 * 1024)})), "zeros.txt"),
    ],
    ids=[
        "not-a-zip",
        "no-manifest",
        "manifest-in-a-folder",
        "broken-xml",
        "xxe",
        "unknown-version",
        "no-sco",
        "missing-sco-page",
        "missing-listed-file",
        "href-outside",
        "member-outside",
        "executable",
        "server-page",
        "zip-bomb",
    ],
)
def test_every_refusal_names_its_reason_and_writes_nothing(data, expected):
    with translation.override("en"):
        found = refused(data)
    assert len(found) == 1, found
    assert expected in found[0]


def test_a_package_too_big_writes_nothing(monkeypatch):
    monkeypatch.setattr(zips, "MAX_TOTAL_BYTES", 2000)
    monkeypatch.setattr(zips, "MAX_RATIO", 10**9)
    found = refused(zipped(members_12(**{"video.mp4": b"v" * 3000})))
    assert len(found) == 1


def test_every_problem_is_listed_at_once():
    data = zipped(
        members_12(**{"veilig/index.html": None, "shared/sco.js": None, "a.exe": b"x"})
    )
    assert len(package_inspect(io.BytesIO(data)).problems) == 1  # names first
    data = zipped(members_12(**{"veilig/index.html": None, "shared/sco.js": None}))
    found = package_inspect(io.BytesIO(data)).problems
    assert len(found) == 2
    assert {"veilig/index.html", "shared/sco.js"} == {
        path
        for path in ("veilig/index.html", "shared/sco.js")
        for p in found
        if path in p
    }


def test_problems_are_words_for_the_editor():
    with translation.override("en"):
        found = package_inspect(io.BytesIO(b"x")).problems
    assert found == ["This is not a SCORM package: the file is not a zip."]


# --- Storing and unpacking -------------------------------------------------------


def test_a_package_is_stored_once_and_unpacked_by_the_task(
    django_capture_on_commit_callbacks,
):
    data = scorm2004_package().zip()
    with django_capture_on_commit_callbacks(execute=True):
        package, created = package_import(upload=io.BytesIO(data), title=" Basis ")
    assert created
    package.refresh_from_db()
    assert package.status == ScormPackage.Status.READY
    assert package.extracted_at is not None
    assert (package.title, package.version) == ("Basis", "2004")
    assert [s["title"] for s in package.scos] == ["Deel een", "Deel twee", "Deel drie"]
    assert package.folder == f"scorm/{package.sha256}"
    assert package.size == len(data)
    folder = private_storage.path(package.folder)
    for name, content in scorm2004_package().members().items():
        with open(os.path.join(folder, name), "rb") as unpacked:
            assert unpacked.read() == content
    again, created = package_import(upload=io.BytesIO(data), title="Anders")
    assert (again.pk, created) == (package.pk, False)
    assert ScormPackage.objects.count() == 1


def test_a_package_is_unpacked_into_the_bucket_with_object_storage(
    bucket,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        package, _created = package_import(upload=io.BytesIO(scorm12_package().zip()))
    package.refresh_from_db()
    assert package.status == ScormPackage.Status.READY
    unpacked = bucket(f"private/{package.folder}/")
    assert sorted(unpacked) == sorted(
        f"private/{package.folder}/{name}" for name in scorm12_package().members()
    )


def test_without_a_title_the_manifests_title_is_used():
    package, _created = package_import(upload=io.BytesIO(scorm12_package().zip()))
    assert package.title == "Veilig online (SCORM 1.2)"
    assert package.status == ScormPackage.Status.PENDING  # until the task has run


def test_the_task_is_idempotent_and_a_ready_package_is_left_alone():
    package, _created = package_import(upload=io.BytesIO(scorm12_package().zip()))
    assert extract_scorm_package(package.pk) == ScormPackage.Status.READY
    first = ScormPackage.objects.get().extracted_at
    assert extract_scorm_package(package.pk) == ScormPackage.Status.READY
    assert ScormPackage.objects.get().extracted_at == first
    assert extract_scorm_package(package.pk + 1000) == "missing"


def test_a_stored_file_that_no_longer_checks_out_fails_with_reasons():
    package, _created = package_import(upload=io.BytesIO(scorm12_package().zip()))
    with private_storage.open(package.file.name, "wb") as stored:
        stored.write(b"overwritten")
    package = package_extract(package.pk)
    assert package.status == ScormPackage.Status.FAILED
    assert package.problems
    assert not os.path.exists(private_storage.path(package.folder))


# --- The admin -------------------------------------------------------------------


def editor(*permissions):
    user = UserFactory(is_staff=True, preferred_language="en")
    for codename in ("access_admin", *permissions):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def upload(data: bytes, name: str = "cursus.zip") -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def test_uploading_in_the_admin_needs_the_scorm_permission(client):
    client.force_login(editor())
    response = client.post(
        reverse("scorm_upload"), {"file": upload(scorm12_package().zip())}
    )
    assert response.status_code in (302, 403)
    assert client.get(reverse("scorm_packages")).status_code in (302, 403)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("scorm_packages") not in home
    assert not ScormPackage.objects.exists()


def test_a_refused_upload_lists_every_reason_and_keeps_nothing(client):
    client.force_login(editor("upload_scorm"))
    bad = zipped(members_12(**{"veilig/index.html": None, "shared/sco.css": None}))
    response = client.post(reverse("scorm_upload"), {"file": upload(bad)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The package was refused" in page
    assert "veilig/index.html" in page and "shared/sco.css" in page
    assert not ScormPackage.objects.exists()


def test_an_upload_in_the_admin_is_listed_with_its_version_and_state(
    client, django_capture_on_commit_callbacks
):
    client.force_login(editor("upload_scorm"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("scorm_upload"),
            {"file": upload(scorm2004_package().zip()), "title": "Digitale basis"},
        )
    assert response.status_code == 302
    package = ScormPackage.objects.get()
    assert package.title == "Digitale basis"
    assert package.status == ScormPackage.Status.READY
    listing = client.get(reverse("scorm_packages"))
    page = listing.content.decode()
    assert "Digitale basis" in page and "SCORM 2004" in page and "Ready" in page
    menu = client.get(reverse("wagtailadmin_home"))
    assert reverse("scorm_packages") in menu.content.decode()


def test_a_failed_package_shows_its_problems_in_the_list(client):
    package, _created = package_import(upload=io.BytesIO(scorm12_package().zip()))
    with private_storage.open(package.file.name, "wb") as stored:
        stored.write(b"overwritten")
    package_extract(package.pk)
    client.force_login(editor("upload_scorm"))
    page = client.get(reverse("scorm_packages"))
    assert "Failed" in page.content.decode()
    assert "zip" in page.content.decode()


def test_the_upload_permission_is_offered_in_the_group_editor(admin_client):
    permission = Permission.objects.get(codename="upload_scorm")
    page = admin_client.get(reverse("wagtailusers_groups:add"))
    assert f'value="{permission.pk}"' in page.content.decode()


def test_an_activity_snippet_offers_only_ready_packages(admin_client):
    ready, _created = package_import(upload=io.BytesIO(scorm12_package().zip()))
    extract_scorm_package(ready.pk)
    pending, _created = package_import(upload=io.BytesIO(scorm2004_package().zip()))
    add = reverse("wagtailsnippets_scorm_scormactivity:add")
    form = admin_client.get(add).content.decode()
    assert f'value="{ready.pk}"' in form
    assert f'value="{pending.pk}"' not in form
    response = admin_client.post(
        add,
        {
            "title": "Veilig online",
            "package": ready.pk,
            "must_complete": "on",
            "pass_required": "on",
        },
    )
    assert response.status_code == 302
    activity = ScormActivity.objects.get()
    assert (activity.package, activity.must_complete, activity.pass_required) == (
        ready,
        True,
        True,
    )
    listing = admin_client.get(reverse("wagtailsnippets_scorm_scormactivity:list"))
    assert "Veilig online" in listing.content.decode()
