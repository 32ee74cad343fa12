"""Project-wide checks: complete translations and a clean deploy check."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import redis

from badges.keys import generate_key_file

ROOT = Path(__file__).resolve().parent.parent
# Every app of the project (a top-level folder with an apps.py), its templates and
# catalogues: a new app is checked without being listed here.
SOURCE_DIRS = sorted(path.parent.name for path in ROOT.glob("*/apps.py")) + [
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


#: The translation functions makemessages collects, by the names it knows.
COLLECTED = {
    "gettext": "_", "gettext_lazy": "_", "ngettext": "_", "ngettext_lazy": "_",
    "pgettext": "_", "pgettext_lazy": "_", "npgettext": "_", "npgettext_lazy": "_",
    "gettext_noop": "_",
}  # fmt: skip


def _marked_strings() -> tuple[list[str], list[str]]:
    """Every string literal passed to a Django translation function in the project's
    code, whatever name the function was imported as; and the imports under a name
    makemessages does not collect (gettext_lazy imported under another name, such as
    `_lazy`, hides its strings)."""

    strings, hidden = [], []
    for name in SOURCE_DIRS:
        for path in (ROOT / name).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            aliases = {}
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module == "django.utils.translation"
                ):
                    for alias in node.names:
                        if alias.name in COLLECTED:
                            local = alias.asname or alias.name
                            aliases[local] = alias.name
                            if local not in (alias.name, "_"):
                                hidden.append(f"{path.relative_to(ROOT)}: {local}")
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in aliases
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    # pgettext's first argument is the context; the text follows.
                    index = (
                        1
                        if aliases[node.func.id].startswith(("pgettext", "npg"))
                        else 0
                    )
                    if len(node.args) > index and isinstance(
                        node.args[index], ast.Constant
                    ):
                        strings.append(node.args[index].value)
    return strings, hidden


def test_no_translation_function_hides_behind_a_name_makemessages_skips():
    _strings, hidden = _marked_strings()
    assert hidden == [], "Import it as `_` or by its own name: " + ", ".join(hidden)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_marked_string_in_the_code_has_a_translation(language):
    """Whatever alias a string was marked with, it reaches the page translated."""
    catalogue = polib.pofile(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    translated = {entry.msgid for entry in catalogue.translated_entries()}
    strings, _hidden = _marked_strings()
    missing = sorted({text for text in strings if text and text not in translated})
    assert missing == [], f"{language}: no translation for " + repr(missing[:20])


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

    return set(re.findall(r"%\(\w+\)[sd]", text))


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    key_file = tmp_path / "open-badges-key.json"  # made here, never in the repository
    generate_key_file(key_file)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-" + "y" * 20,
        "ALLOWED_HOSTS": "leren.example.be",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "OPEN_BADGES_KEY_FILE": str(key_file),
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


def test_clearing_the_suites_cache_leaves_other_keys_on_a_shared_redis(settings):
    """The suite clears its own keys only: on Redis, `cache.clear()` is FLUSHDB,
    which would empty the database for everyone using it."""

    from django.core.cache import caches

    from tests.conftest import cache_clear

    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis as the cache (CI)")
    client = redis.Redis.from_url(url)
    client.set("someone-elses-key", "kept", ex=60)
    caches["default"].set("ours", "gone", 60)
    cache_clear()
    assert client.get("someone-elses-key") == b"kept"
    assert caches["default"].get("ours") is None
    client.delete("someone-elses-key")
