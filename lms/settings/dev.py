"""Local development: the embedded default (SQLite, tasks in-process, mail on the console)."""

from pathlib import Path

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside a developer's machine
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES = {  # noqa: F405 - files as configured (local, or S3 by env); plain static
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The site is http://127.0.0.1:8000; H5P content plays from http://localhost:8000 (the
# same server under another name, so another origin).
H5P_CONTENT_ORIGIN = "http://localhost:8000"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"].append(H5P_CONTENT_ORIGIN)  # noqa: F405

# The Open Badges signing key, unless OPEN_BADGES_KEY_FILE says otherwise: in the
# developer's home, outside the repository, made by `make run` (generate_badge_key).
OPEN_BADGES_KEY_FILE = OPEN_BADGES_KEY_FILE or str(  # noqa: F405
    Path.home() / ".local/share/digitaal-meedoen/open-badges-key.json"
)
