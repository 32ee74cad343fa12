"""Checks of credentials by implementations the platform does not write.

`verify_with_node` runs Digital Bazaar's verifier (`verifier/verify.mjs`: @digitalbazaar/vc
with the Data Integrity `eddsa-rdfc-2022` cryptosuite and the Bitstring Status List
check) under node; `validate_schema` applies 1EdTech's own JSON schema of an Open Badges
3.0 credential (`schema/`, see its README) with the `jsonschema` package.
"""

import json
import shutil
import subprocess
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft201909Validator, FormatChecker

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VERIFY = HERE / "verifier" / "verify.mjs"
SCHEMA = HERE / "schema" / "ob_v3p0_achievementcredential_schema.json"


def verify_with_node(
    credential: dict, documents: dict, *, now: datetime | None = None
) -> dict:
    """{"verified", "proofVerified", "status": {"revoked"} | None, "errors"} from the
    independent verifier. `documents` is what it would fetch from the web, by URL (the
    issuer's DID document under the DID, the status list credential under its URL);
    `now` the moment it checks at (validity dates), the real time by default."""
    node = shutil.which("node")
    assert node, "node is needed to run the independent verifier"
    payload = {"credential": credential, "documents": documents}
    if now is not None:
        payload["now"] = now.isoformat()
    result = subprocess.run(
        [node, str(VERIFY)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=ROOT,  # node_modules of the project
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@cache
def _validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=FormatChecker())


def validate_schema(credential: dict) -> list[str]:
    """The 1EdTech schema's complaints about `credential`, [] when it conforms."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in sorted(_validator().iter_errors(credential), key=str)
    ]
