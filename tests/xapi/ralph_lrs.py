"""Ralph's LRS API on its filesystem backend, as the xAPI tests and `make lrs` run it:
`uvicorn --app-dir tests/xapi ralph_lrs:app`, by Ralph's own Python (.venv-ralph), never
imported by the project's.

Ralph 5.1.0's filesystem LRS backend writes its one statements file with the operation
"create", which refuses once the file exists: every write after the first fails (HTTP
500). Its own `write` can append; an LRS kept in one file must. Everything else (the
xAPI API, validation, authentication, duplicates and conflicts) is Ralph's, unchanged.
"""

from ralph.api import app
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

__all__ = ["app"]
