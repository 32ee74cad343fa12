"""The client of the Learning Record Store: the xAPI 1.0.3 statements resource, nothing else.

It knows what the LRS's answers mean for each statement and nothing about the outbox:
`statements_send` returns which statements the LRS now holds, which it refused for good
and which must wait for a later try, and whether to stop sending for now.

- 200 on a batch (POST): every statement is stored. An LRS drops an identical statement
  it already holds (same id, same content) and still answers 200, so sending twice
  stores once.
- 409 on a batch: some id is already there with a different content. The batch is sent
  again one statement at a time (PUT ?statementId=): 204 is stored (an identical
  duplicate too), 409 is this statement's conflict, refused for good.
- 400 or 422 on a batch: one statement is invalid (xAPI says 400; Ralph, a FastAPI
  application, answers 422), or 413: the batch is too large. Sent singly, the invalid
  one is refused with the LRS's message and the others are stored.
- 401/403 (credentials), 404 (wrong endpoint), 5xx, a timeout or no connection: nothing
  is stored, everything is tried again later, and the run stops.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

VERSION = "1.0.3"
# Seconds to connect and to wait for the answer: the sender runs in a worker, but a
# stalled LRS must not hold it (and the rows it claimed) for long.
TIMEOUT = (3.05, 20)
# How much of an LRS's answer is kept as the reason of a failure.
REASON_LENGTH = 500


@dataclass
class Result:
    """What became of the statements of one `statements_send`, by statement id."""

    stored: set[str] = field(default_factory=set)
    # Refused for good by the LRS (invalid, or a different statement has the id).
    rejected: dict[str, str] = field(default_factory=dict)
    # Not stored this time (LRS down, credentials refused…): try again later.
    failed: dict[str, str] = field(default_factory=dict)
    # The LRS cannot take anything now: send nothing more in this run.
    halt: bool = False


class _Unavailable(Exception):
    """The LRS cannot take statements now: it is down, too slow, or refuses the
    platform itself (credentials, endpoint)."""


def statements_url() -> str:
    return settings.LRS_ENDPOINT.rstrip("/") + "/statements"


def session_open() -> requests.Session:
    """A session for one run of the sender: HTTP Basic auth, the xAPI version header,
    and one connection kept alive from batch to batch."""
    session = requests.Session()
    if settings.LRS_USERNAME or settings.LRS_PASSWORD:
        session.auth = (settings.LRS_USERNAME, settings.LRS_PASSWORD)
    session.headers.update(
        {
            "X-Experience-API-Version": VERSION,
            "Content-Type": "application/json",
        }
    )
    return session


def statements_send(statements: list[dict], session: requests.Session) -> Result:
    """Send `statements` (each with its `id`) to the LRS and say what became of each."""
    ids = [statement["id"] for statement in statements]
    result = Result()
    try:
        response = _request(session, "POST", statements_url(), statements)
    except _Unavailable as error:
        result.failed = dict.fromkeys(ids, str(error))
        result.halt = True
        return result
    if response.status_code in (200, 204):
        result.stored.update(ids)
        return result
    if response.status_code in (400, 409, 413, 422):
        # One statement spoils the batch: find it by sending each on its own.
        logger.info(
            "the LRS answered %s to a batch of %s: sending one by one",
            response.status_code,
            len(ids),
        )
        return _send_singly(statements, session)
    result.failed = dict.fromkeys(ids, _unavailable(response).args[0])
    result.halt = True
    return result


def _send_singly(statements: list[dict], session: requests.Session) -> Result:
    result = Result()
    for index, statement in enumerate(statements):
        statement_id = statement["id"]
        try:
            response = _request(
                session,
                "PUT",
                statements_url(),
                statement,
                params={"statementId": statement_id},
            )
            if response.status_code in (200, 204):
                result.stored.add(statement_id)
            elif response.status_code == 409:
                # Every id is derived from its fact (`xapi.statements`), so the LRS
                # holding this id holds this fact: sent before and purged here since,
                # then recorded again (a learner enrolling again, attendance marked
                # again), with a later timestamp. The LRS keeps its first copy.
                logger.info(
                    "the LRS already holds statement %s: %s",
                    statement_id,
                    _reason(response),
                )
                result.stored.add(statement_id)
            elif response.status_code in (400, 413, 422):
                result.rejected[statement_id] = "The LRS refused the statement: " + (
                    _reason(response)
                )
            else:
                raise _unavailable(response)
        except _Unavailable as error:
            for rest in statements[index:]:
                result.failed[rest["id"]] = str(error)
            result.halt = True
            break
    return result


def _request(
    session: requests.Session, method: str, url: str, body, params=None
) -> requests.Response:
    try:
        return session.request(
            method,
            url,
            params=params,
            data=json.dumps(body),
            timeout=TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as error:
        logger.warning("the LRS at %s cannot be reached: %s", url, error)
        raise _Unavailable(f"The LRS cannot be reached: {error}") from error


def _unavailable(response: requests.Response) -> _Unavailable:
    """The error for an answer that says nothing about the statements themselves."""
    status = response.status_code
    if status in (401, 403):
        reason = (
            "The LRS refused the platform's credentials (LRS_USERNAME/LRS_PASSWORD)"
        )
        logger.error("%s: %s %s", reason, status, _reason(response))
    elif status == 404:
        reason = "The LRS has no statements resource at LRS_ENDPOINT"
        logger.error("%s (%s)", reason, statements_url())
    else:
        reason = "The LRS could not take the statements"
        logger.warning("%s: %s %s", reason, status, _reason(response))
    return _Unavailable(f"{reason}: HTTP {status} {_reason(response)}".strip())


def _reason(response: requests.Response) -> str:
    """The LRS's own words: `detail` (Ralph, FastAPI), `message` (Learning Locker,
    SQL LRS) or the start of the body."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:REASON_LENGTH]
    if isinstance(body, dict):
        for key in ("detail", "message", "error"):
            if body.get(key):
                reason = body[key]
                return (reason if isinstance(reason, str) else json.dumps(reason))[
                    :REASON_LENGTH
                ]
    return json.dumps(body)[:REASON_LENGTH]
