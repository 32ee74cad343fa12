"""`manage.py generate_badge_key` and the system checks of the key file: the file is
made readable by its owner only, never overwritten, rotated without losing the public
halves of older keys, and a damaged or missing file is reported before it bites."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from badges.checks import key_file_deployed, key_file_readable
from badges.keys import load_keys, read_key_file

ROOT = Path(__file__).resolve().parent.parent.parent


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_badge_key", *args, stdout=out)
    return out.getvalue()


def test_the_command_makes_a_key_file_only_its_owner_can_read(settings, tmp_path):
    path = tmp_path / "secret" / "badge-key.json"
    settings.OPEN_BADGES_KEY_FILE = str(path)
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    output = run()
    assert path.stat().st_mode & 0o777 == 0o600
    keys = load_keys()
    assert len(keys) == 1
    assert keys[0].private is not None
    assert f"did:web:127.0.0.1%3A8000#{keys[0].id}" in output
    entry = json.loads(path.read_text())["keys"][0]
    assert entry["public"].startswith("z6Mk")
    assert entry["private"].startswith("z3u2")  # Multikey form of an Ed25519 secret key


def test_the_command_refuses_to_overwrite_a_key_file(tmp_path):
    path = tmp_path / "badge-key.json"
    run("--file", str(path))
    before = path.read_bytes()
    with pytest.raises(CommandError, match="--rotate"):
        run("--file", str(path))
    assert path.read_bytes() == before


def test_if_missing_makes_the_file_once(tmp_path):
    path = tmp_path / "badge-key.json"
    run("--file", str(path), "--if-missing")
    before = path.read_bytes()
    assert "nothing to do" in run("--file", str(path), "--if-missing")
    assert path.read_bytes() == before


def test_rotate_adds_a_signing_key_and_keeps_the_old_public_key(tmp_path):
    path = tmp_path / "badge-key.json"
    run("--file", str(path))
    (old,) = read_key_file(path)
    run("--file", str(path), "--rotate")
    new, retired = read_key_file(path)
    assert new.private is not None and new.id != old.id
    assert retired.id == old.id
    assert retired.public_multibase == old.public_multibase
    assert retired.private is None
    assert "private" not in json.loads(path.read_text())["keys"][1]
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_command_needs_a_file(settings):
    settings.OPEN_BADGES_KEY_FILE = ""
    with pytest.raises(CommandError, match="OPEN_BADGES_KEY_FILE"):
        run()


def test_the_command_runs_while_the_configured_file_is_still_missing(tmp_path):
    """Its own system check must not stop the command that makes the file."""
    path = tmp_path / "badge-key.json"
    result = subprocess.run(
        [sys.executable, "manage.py", "generate_badge_key", "--if-missing"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "OPEN_BADGES_KEY_FILE": str(path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert read_key_file(path)[0].private is not None


# --- System checks ----------------------------------------------------------------------


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_no_key_file_is_a_deploy_warning_only(settings):
    settings.OPEN_BADGES_KEY_FILE = ""
    assert key_file_readable(None) == []
    assert ids(key_file_deployed(None)) == ["badges.W001"]


def test_a_sound_key_file_outside_the_project_passes(settings, tmp_path):
    path = tmp_path / "badge-key.json"
    run("--file", str(path))
    settings.OPEN_BADGES_KEY_FILE = str(path)
    assert key_file_readable(None) == []
    assert key_file_deployed(None) == []


def test_a_configured_file_not_made_yet_is_a_warning(settings, tmp_path):
    settings.OPEN_BADGES_KEY_FILE = str(tmp_path / "later.json")
    assert ids(key_file_readable(None)) == ["badges.W004"]


def test_a_damaged_key_file_is_an_error(settings, tmp_path):
    path = tmp_path / "badge-key.json"
    path.write_text('{"keys": [{"id": "x"}]}')
    settings.OPEN_BADGES_KEY_FILE = str(path)
    assert ids(key_file_readable(None)) == ["badges.E002"]


def test_a_key_file_without_a_signing_key_is_an_error(settings, tmp_path):
    path = tmp_path / "badge-key.json"
    run("--file", str(path))
    data = json.loads(path.read_text())
    data["keys"][0].pop("private")
    path.write_text(json.dumps(data))
    settings.OPEN_BADGES_KEY_FILE = str(path)
    assert ids(key_file_readable(None)) == ["badges.E003"]


def test_a_key_file_others_can_read_or_inside_the_project_is_a_deploy_warning(
    settings, tmp_path
):
    path = tmp_path / "badge-key.json"
    run("--file", str(path))
    path.chmod(0o644)
    settings.OPEN_BADGES_KEY_FILE = str(path)
    assert ids(key_file_deployed(None)) == ["badges.W002"]
    settings.BASE_DIR = tmp_path
    path.chmod(0o600)
    assert ids(key_file_deployed(None)) == ["badges.W003"]
