"""The zip rules and limits every uploaded package keeps (`lms.zips`), shared by H5P
and SCORM: one set of rules, so a limit changed here changes for both."""

import io
import zipfile

import pytest

from h5p.validation import package_inspect as h5p_inspect
from lms import zips
from scorm.validation import package_inspect as scorm_inspect
from tests.factories.h5p import build_package
from tests.factories.scorm import scorm12_package


def archive_of(entries, encrypted=()) -> zipfile.ZipFile:
    """A zip written member by member (ZipInfo tricks allowed), opened for reading;
    the members named in `encrypted` are marked so in the central directory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
            if getattr(info, "filename", info) in encrypted:
                archive.filelist[-1].flag_bits |= 0x1
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def listed(entries, file_problem=lambda name: None, encrypted=()):
    inspection = zips.Inspection()
    files = zips.files_listed(archive_of(entries, encrypted), inspection, file_problem)
    return files, inspection.problems


@pytest.mark.parametrize(
    "name",
    [
        "../evil.js",
        "a/../../evil.js",
        "/etc/passwd",
        "C:/evil.js",
        "a\\evil.js",
        "a//b",
    ],
)
def test_names_outside_the_folder_or_malformed_are_refused(name):
    files, problems = listed([(zipfile.ZipInfo(name), b"x"), ("ok.txt", b"x")])
    assert list(files) == ["ok.txt"]
    assert len(problems) == 1 and name in problems[0]


def test_symlinks_encrypted_members_and_case_twins_are_refused():
    link = zipfile.ZipInfo("link.txt")
    link.external_attr = 0o120777 << 16
    files, problems = listed(
        [
            (link, b"/etc/passwd"),
            ("secret.txt", b"x"),
            ("a.txt", b"x"),
            ("A.TXT", b"x"),
        ],
        encrypted={"secret.txt"},
    )
    assert list(files) == ["a.txt"]
    assert len(problems) == 3
    assert [p for p in problems if "link.txt" in p]
    assert [p for p in problems if "secret.txt" in p]
    assert [p for p in problems if "A.TXT" in p]


def test_the_formats_own_rule_is_asked_for_each_file_not_for_folders():
    asked = []

    def file_problem(name):
        asked.append(name)
        return "no" if name.endswith(".bad") else None

    files, problems = listed(
        [("map/", b""), ("map/a.bad", b"x"), ("map/b.ok", b"x")], file_problem
    )
    assert asked == ["map/a.bad", "map/b.ok"]
    assert list(files) == ["map/b.ok"] and problems == ["no"]


def test_too_many_members(monkeypatch):
    monkeypatch.setattr(zips, "MAX_MEMBERS", 3)
    files, problems = listed([(f"{n}.txt", b"x") for n in range(4)])
    assert files == {} and len(problems) == 1


def read(entries, keep=lambda name: True):
    archive = archive_of(entries)
    inspection = zips.Inspection()
    files = zips.files_listed(archive, inspection, lambda name: None)
    return zips.files_read(archive, files, inspection, keep), inspection.problems


def test_files_are_read_and_only_the_kept_ones_returned():
    contents, problems = read(
        [("manifest.xml", b"<m/>"), ("page.html", b"<p>")],
        keep=lambda name: name == "manifest.xml",
    )
    assert contents == {"manifest.xml": b"<m/>"} and problems == []


def test_a_zip_bomb_is_caught_on_the_bytes_decompressed():
    contents, problems = read([("zeros.txt", b"0" * (8 * 1024 * 1024))])
    assert contents == {} and len(problems) == 1 and "zeros.txt" in problems[0]


def test_the_size_of_a_file_and_of_the_whole(monkeypatch):
    monkeypatch.setattr(zips, "MAX_RATIO", 10**9)
    monkeypatch.setattr(zips, "MAX_FILE_BYTES", 1000)
    _contents, problems = read([("big.txt", b"1" * 5000)])
    assert len(problems) == 1 and "big.txt" in problems[0]
    monkeypatch.setattr(zips, "MAX_TOTAL_BYTES", 2500)
    _contents, problems = read([(f"{n}.txt", b"2" * 1000) for n in range(5)])
    assert len(problems) == 1  # reading stops once the whole is too large


@pytest.mark.parametrize("lie", [5, 10_000])
def test_a_member_lying_about_its_size_is_damaged(lie):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lie.txt", b"x" * 500)
        archive.filelist[-1].file_size = lie
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    inspection = zips.Inspection()
    files = zips.files_listed(archive, inspection, lambda name: None)
    zips.files_read(archive, files, inspection, lambda name: True)
    assert len(inspection.problems) == 1 and "lie.txt" in inspection.problems[0]


def test_sha256_reads_from_the_start_and_rewinds():
    upload = io.BytesIO(b"abc")
    upload.seek(2)
    assert zips.sha256_of(upload) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert upload.tell() == 0


def test_h5p_and_scorm_packages_keep_the_same_limits(monkeypatch):
    """One set of limits: lowering it refuses both kinds of package alike."""
    assert h5p_inspect(io.BytesIO(build_package())).accepted
    assert scorm_inspect(io.BytesIO(scorm12_package().zip())).accepted
    monkeypatch.setattr(zips, "MAX_FILE_BYTES", 10)
    monkeypatch.setattr(zips, "MAX_RATIO", 10**9)
    assert not h5p_inspect(io.BytesIO(build_package())).accepted
    assert not scorm_inspect(io.BytesIO(scorm12_package().zip())).accepted
