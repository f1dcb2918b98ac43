"""HTTP for the remote store and ``xjftz push``: one function sends, every failure gets context.

Input:  a server URL, a request (:func:`form_request` writes a SPARQL 1.1 Protocol one:
        URL-encoded POST, https://www.w3.org/TR/sparql11-protocol/), optional credentials.
Output: the response's body and headers, or one of the ``queries.errors`` types carrying the
        URL, the HTTP status and the server's own message: ``StoreAuthError`` (401/403),
        ``StoreUnavailable`` (no connection, 404), ``QueryTimeout`` (no answer in time),
        ``QuerySyntaxError`` (400 on a query), ``StoreError`` (anything else refused or failed).

The standard library's ``urllib`` does it all; a client library would add no feature used here
(SPARQLWrapper, used before, had to be subclassed so that its digest support would not install
a process-global opener). A fresh opener per request, on purpose: ``urllib``'s digest handler
keeps a nonce count and a retry counter that threads sharing one would trample. Auth is
challenge-driven by default (the server's ``WWW-Authenticate`` picks digest or basic);
``auth="basic"`` sends the credentials up front.
"""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from email.message import Message
from urllib.parse import urlencode, urlsplit

from ontology.errors import XjftzError
from queries.errors import (
    QuerySyntaxError,
    QueryTimeout,
    StoreAuthError,
    StoreError,
    StoreUnavailable,
)

AUTH_SCHEMES = ("auto", "digest", "basic")
USER_AGENT = "xjftz (+https://w3id.org/xjftz/)"
MAX_MESSAGE = 600
# Virtuoso reports errors as SQL states in a text body: 37000 = the SPARQL compiler refused
# the text; S1T00 / S1TAT = a time limit was hit; "estimated execution time … exceeds the
# limit" = MaxQueryCostEstimationTime refused the query before running it.
_VIRTUOSO_SYNTAX = re.compile(r"\b37000\b|SPARQL compiler|syntax error", re.IGNORECASE)
_VIRTUOSO_TIMEOUT = re.compile(
    r"\bS1T00\b|\bS1TAT\b|timed out|timeout|estimated execution time", re.IGNORECASE
)


def form_request(
    url: str, fields: Iterable[tuple[str, str]], accept: str = "*/*"
) -> urllib.request.Request:
    """A URL-encoded POST of ``fields`` (``query``/``update``, ``default-graph-uri``, …)."""
    headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
    return urllib.request.Request(url, urlencode(list(fields)).encode(), headers, method="POST")


def passwords(
    url: str, user: str, password: str | None, *, prior: bool = False
) -> urllib.request.HTTPPasswordMgrWithPriorAuth:
    """Credentials for ``url``'s server only (any path on it), never a host it redirects to;
    ``prior``: sent up front (basic auth), not in answer to a challenge."""
    parts = urlsplit(url)
    manager = urllib.request.HTTPPasswordMgrWithPriorAuth()
    manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password or "", prior)
    return manager


def send(
    request: urllib.request.Request,
    *,
    timeout: float | None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    action: str = "request",
) -> tuple[bytes, Message]:
    """Send ``request`` and read the whole answer: its body and headers, or the project error
    (a 401's ``challenge`` attribute holds the server's ``WWW-Authenticate``). A request that
    already carries credentials (``queries.push`` adds them to uploads) is sent as it is.
    ``auth`` is one of ``AUTH_SCHEMES`` (the remote store and push's options check it)."""
    url = request.full_url.split("?", 1)[0]
    handlers: list[urllib.request.BaseHandler] = []
    if user and not request.has_header("Authorization"):
        manager = passwords(url, user, password, prior=auth == "basic")
        if auth != "basic":
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
        if auth != "digest":
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
    request.add_header("User-Agent", USER_AGENT)
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
            return response.read(), response.headers
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read()
        except Exception:  # the body of an error answer is a courtesy; never mask the status
            body = b""
        error = http_error(url, exc.code, body, action=action, user=user)
        error.challenge = (exc.headers or {}).get("WWW-Authenticate", "")
        raise error from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", exc)  # a URLError wraps the socket's error
        if isinstance(reason, TimeoutError):
            raise QueryTimeout(f"{url} did not answer the {action} within {timeout:g} s") from exc
        raise StoreUnavailable(f"cannot reach {url}: {reason}") from exc


def server_message(body: bytes | str | None) -> str:
    """The server's error text, made short and readable (tags and the echoed query removed)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body or ""
    # Virtuoso echoes the whole query after its message; the message is what helps.
    text = re.split(r"\n\s*SPARQL query:", text, maxsplit=1)[0]
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def http_error(
    url: str, status: int, body: bytes | None, *, action: str, user: str | None = None
) -> XjftzError:
    """The project error for an HTTP error answer to ``action`` ("query", "upload", …); its
    ``http_status`` keeps the status for callers that branch on it."""
    message = server_message(body)
    said = f": {message}" if message else ""
    if status in (401, 403):
        who = f"user {user!r}" if user else "no credentials"
        error: XjftzError = StoreAuthError(
            f"{url} refused the {action} (HTTP {status}, {who}): "
            + ("check the user name and password" if user else "it needs --user/--password")
        )
    elif status in (408, 504) or (status >= 500 and _VIRTUOSO_TIMEOUT.search(message)):
        error = QueryTimeout(f"{url} stopped the {action} at its time limit (HTTP {status}){said}")
    elif action == "query" and (
        status == 400 or (status >= 500 and _VIRTUOSO_SYNTAX.search(message))
    ):
        error = QuerySyntaxError(f"the SPARQL server refused the query{said}")
    elif status == 404:
        error = StoreUnavailable(f"{url}: not found (HTTP 404) — is this the right endpoint?{said}")
    else:
        error = StoreError(f"{url} failed the {action} (HTTP {status}){said}")
    error.http_status = status
    return error
