"""`manage.py import_scorm FILE [--title]`: adds a package and says what it is, or
prints every reason it was refused and fails, having written nothing."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from scorm.models import ScormPackage
from tests.factories.scorm import scorm12_package, scorm2004_package

pytestmark = pytest.mark.django_db


def test_the_command_adds_a_package_and_prints_what_it_is(
    tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "digitale-basis.zip"
    path.write_bytes(scorm2004_package().zip())
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_scorm", str(path), "--title", "Basis", stdout=out)
    package = ScormPackage.objects.get()
    assert package.title == "Basis"
    assert out.getvalue() == (
        f"{package.pk}\tBasis\tSCORM 2004, 3 SCO(s)\t(added, pending)\n"
    )
    package.refresh_from_db()
    assert package.status == ScormPackage.Status.READY
    out = StringIO()
    call_command("import_scorm", str(path), stdout=out)
    assert "already there" in out.getvalue()
    assert ScormPackage.objects.count() == 1


def test_without_a_title_the_manifests_title_is_taken(tmp_path):
    path = tmp_path / "veilig.zip"
    path.write_bytes(scorm12_package().zip())
    call_command("import_scorm", str(path), stdout=StringIO())
    assert ScormPackage.objects.get().title == "Veilig online (SCORM 1.2)"


def test_a_refused_package_prints_every_reason_and_writes_nothing(tmp_path, settings):
    members = scorm12_package().members()
    del members["veilig/index.html"], members["shared/sco.js"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = tmp_path / "kapot.zip"
    path.write_bytes(out.getvalue())
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_scorm", str(path))
    message = str(error.value)
    assert message.startswith("Refused:\n")
    assert message.count("\n- ") == 2
    assert "veilig/index.html" in message and "shared/sco.js" in message
    assert not ScormPackage.objects.exists()
    assert not settings.PRIVATE_MEDIA_ROOT.exists() or not any(
        path.is_file() for path in settings.PRIVATE_MEDIA_ROOT.rglob("*")
    )


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_scorm", str(tmp_path / "nergens.zip"))
    assert "nergens.zip" in str(error.value)
