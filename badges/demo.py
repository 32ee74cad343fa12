"""The demo's Open Badges: the demo learner's certificate gets its credential in its
render task like any other (`make run` makes a key first). This catches up a demo
database loaded before a key existed, or before this app: loading the demo again
issues what is missing, as the periodic task would (there is no beat in `make run`)."""

from .services import credentials_issue_missing


def load_demo_credentials() -> int:
    """Issue the credentials valid certificates lack; 0 without a key (logged)."""
    return credentials_issue_missing()
