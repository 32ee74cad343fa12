"""A real LRS for the xAPI tests: Ralph (the Python LRS of the Open edX ecosystem), run by
uvicorn from its own virtualenv (`make .venv-ralph/.installed`, a prerequisite of
`make test`), with the filesystem backend in the test's folder (see ralph_lrs.py) and
HTTP Basic auth."""

import json
import socket
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT
from tests.waiting import wait_until

RALPH_PYTHON = ROOT / ".venv-ralph" / "bin" / "python"
HERE = Path(__file__).resolve().parent
USERNAME = "lms-test"
PASSWORD = "lms-test-password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def ralph_auth_file(tmp_path_factory) -> Path:
    """Ralph's credentials file with one user, its password hashed by Ralph's bcrypt
    (written once: hashing is slow on purpose)."""
    if not RALPH_PYTHON.exists():
        pytest.fail("Ralph is needed: make .venv-ralph/.installed")
    hashed = subprocess.run(
        [str(RALPH_PYTHON), "-c",
         "import bcrypt, sys; "
         "print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(4)).decode())",
         PASSWORD],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    path = tmp_path_factory.mktemp("ralph-auth") / "auth.json"
    path.write_text(
        json.dumps(
            [
                {
                    "username": USERNAME,
                    "hash": hashed,
                    "scopes": ["all"],
                    "agent": {
                        "objectType": "Agent",
                        "account": {"homePage": "http://localhost", "name": USERNAME},
                    },
                }
            ]
        )
    )
    return path


class RalphServer:
    """A Ralph LRS of one test's own, on a free port. `stop()` and `start()` again on
    the same port and the same data: an LRS that is down for a while."""

    def __init__(self, folder: Path, auth_file: Path):
        self.folder = folder
        self.auth_file = auth_file
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The xAPI endpoint, as an operator sets LRS_ENDPOINT."""
        return f"{self.base}/xAPI/"

    @property
    def data_file(self) -> Path:
        return self.folder / "fs_lrs.jsonl"

    def is_up(self) -> bool:
        try:
            return requests.get(f"{self.base}/__heartbeat__", timeout=1).ok
        except requests.RequestException:
            return False

    def start(self) -> None:
        env = {
            "PATH": "/usr/bin:/bin",
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_AUTH_FILE": str(self.auth_file),
            "RALPH_APP_DIR": str(self.folder / "app"),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder),
        }
        self.process = subprocess.Popen(
            [str(RALPH_PYTHON), "-m", "uvicorn", "--app-dir", str(HERE), "ralph_lrs:app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            cwd=self.folder, env=env,
        )  # fmt: skip
        if not wait_until(self.is_up, 60):
            self.stop()
            pytest.fail("Ralph did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None
        assert wait_until(lambda: not self.is_up(), 10)

    def statements(self) -> list[dict]:
        """Every statement Ralph returns on GET, following `more`."""
        found = []
        url = f"{self.url}statements?limit=100"
        while url:
            response = requests.get(
                url,
                auth=(USERNAME, PASSWORD),
                headers={"X-Experience-API-Version": "1.0.3"},
                timeout=10,
            )
            response.raise_for_status()
            page = response.json()
            found.extend(page["statements"])
            url = f"{self.base}{page['more']}" if page.get("more") else ""
        return found

    def statement(self, statement_id: str) -> dict | None:
        response = requests.get(
            f"{self.url}statements",
            params={"statementId": statement_id},
            auth=(USERNAME, PASSWORD),
            headers={"X-Experience-API-Version": "1.0.3"},
            timeout=10,
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        body = response.json()
        # Ralph answers a single statement as a list of one.
        if "statements" in body:
            return body["statements"][0] if body["statements"] else None
        return body

    def stored_ids(self) -> list[str]:
        """The id of every statement in Ralph's own file, as often as it is there."""
        if not self.data_file.exists():
            return []
        return [
            json.loads(line)["id"]
            for line in self.data_file.read_text().splitlines()
            if line.strip()
        ]


@pytest.fixture
def ralph(tmp_path, ralph_auth_file, settings):
    """A running Ralph, configured as the platform's LRS; stopped at the end."""
    folder = tmp_path / "ralph"
    folder.mkdir()
    server = RalphServer(folder, ralph_auth_file)
    server.start()
    settings.LRS_ENDPOINT = server.url
    settings.LRS_USERNAME = USERNAME
    settings.LRS_PASSWORD = PASSWORD
    try:
        yield server
    finally:
        server.stop()


def xapi_statement(number: int = 0, **changes) -> dict:
    """A valid xAPI 1.0.3 statement of a learner who experienced a lesson."""
    statement = {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": "http://localhost", "name": f"learner-{number}"},
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/experienced",
            "display": {"nl": "heeft bekeken"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"http://localhost/pages/{number}/",
            "definition": {
                "type": "http://adlnet.gov/expapi/activities/lesson",
                "name": {"nl": f"Les {number}"},
            },
        },
        "context": {"language": "nl", "platform": "Connectoo"},
        "timestamp": f"2026-12-07T10:00:{number % 60:02d}.000Z",
    }
    statement.update(changes)
    return statement
