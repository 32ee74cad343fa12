"""Project-wide checks: complete translations and a clean deploy check."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = [
    "lms",
    "audit",
    "privacy",
    "home",
    "courses",
    "certificates",
    "coordination",
    "templates",
    "locale",
]


def test_every_ui_string_has_a_dutch_and_french_translation(tmp_path):
    """Extract the strings from a copy of the code, so a string added without a
    translation fails here even when nobody ran `make messages`."""
    for name in SOURCE_DIRS:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo")
        )
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nl",
            "-l",
            "fr",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
    )
    problems = []
    for language in ("nl", "fr"):
        catalogue = polib.pofile(
            tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"
        )
        problems += [
            f"{language}: {entry.msgid!r}"
            for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()
        ]
    assert not problems, (
        "Missing translations (run `make messages` and translate):\n"
        + ("\n".join(problems))
    )


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_translations_keep_their_placeholders(language):
    catalogue = polib.pofile(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    for entry in catalogue.translated_entries():
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        targets = (
            list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        )
        placeholders = {p for s in sources for p in _placeholders(s)}
        for target in targets:
            assert _placeholders(target) <= placeholders, (entry.msgid, target)


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"%\(\w+\)[sd]", text))


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-" + "y" * 20,
        "ALLOWED_HOSTS": "leren.example.be",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while the browser tests run
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.production"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
