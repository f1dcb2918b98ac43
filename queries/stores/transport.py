"""HTTP plumbing shared by the remote backend and ``xjftz push``: openers, and errors with context.

Input:  a server URL, optional credentials, an ``urllib`` request (or a SPARQLWrapper request).
Output: the server's response, or one of the ``queries.errors`` types carrying the URL, the HTTP
        status and the server's own message: ``StoreAuthError`` (401/403), ``StoreUnavailable``
        (no connection), ``QueryTimeout`` (no answer in time), ``QuerySyntaxError`` (400 on a
        query), ``StoreError`` (anything else the server refused or failed at).

A fresh opener is built per request on purpose: ``urllib``'s digest handler keeps a nonce count
and a retry counter, which threads sharing one opener would trample, and SPARQLWrapper's own
digest support installs a *process-global* opener, which would leak one store's credentials to
every other ``urllib`` caller. Auth is challenge-driven by default (the server's
``WWW-Authenticate`` picks digest or basic); ``auth="basic"`` sends the credentials up front.
"""

from __future__ import annotations

import base64
import http.client
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import BinaryIO
from urllib.parse import urlsplit

from SPARQLWrapper import SPARQLWrapper

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


class Wrapper(SPARQLWrapper):
    """SPARQLWrapper building a SPARQL 1.1 Protocol request; ``send`` (e.g. a wrapped
    :func:`open_url`) sending it, so no process-global opener is ever installed."""

    def __init__(
        self,
        endpoint: str,
        send: Callable[[urllib.request.Request], http.client.HTTPResponse],
        update_endpoint: str | None = None,
    ) -> None:
        super().__init__(endpoint, updateEndpoint=update_endpoint)
        self._send = send

    def _query(self):  # SPARQLWrapper calls this to send; the signature is its own
        return self._send(self._createRequest()), self.returnFormat


def build_opener(
    url: str, user: str | None = None, password: str | None = None, auth: str = "auto"
) -> urllib.request.OpenerDirector:
    """An opener that answers ``url``'s server's auth challenge (or sends basic auth up front)."""
    if auth not in AUTH_SCHEMES:
        raise XjftzError(f"unknown auth scheme {auth!r}; one of {', '.join(AUTH_SCHEMES)}")
    if not user:
        return urllib.request.build_opener()
    parts = urlsplit(url)
    # Credentials go to this server only (any path on it), never to a host it redirects to.
    root = f"{parts.scheme}://{parts.netloc}/"
    if auth == "basic":
        prior = urllib.request.HTTPPasswordMgrWithPriorAuth()
        prior.add_password(None, root, user, password or "", is_authenticated=True)
        return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(prior))
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, root, user, password or "")
    handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPDigestAuthHandler(passwords)]
    if auth == "auto":
        handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


def preauthorize(
    url: str, user: str | None, password: str | None, auth: str, timeout: float | None
) -> Callable[[urllib.request.Request], None]:
    """A function adding credentials for ``url``'s server to a request *before* it is sent.

    For large uploads: challenge-driven auth sends the body once without credentials, and
    Virtuoso answers that with 401 and a closed connection while the body is still being
    written ("connection reset"). So the challenge is fetched with a GET of ``url`` first and
    the upload carries its answer. The same GET, sent with the answer, checks the credentials:
    ``StoreAuthError`` if refused. No user: a function that adds nothing.
    """
    if not user:
        return lambda request: None
    parts = urlsplit(url)
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password or "")
    challenge = "" if auth == "basic" else _challenge(url, timeout)
    scheme, _, params = challenge.partition(" ")
    if scheme.lower() == "digest" and auth != "basic":
        digest = urllib.request.HTTPDigestAuthHandler(passwords)
        chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(params)))

        def authorize(request: urllib.request.Request) -> None:
            value = digest.get_authorization(request, chal)
            if value:
                request.add_unredirected_header("Authorization", f"Digest {value}")

    elif scheme.lower() == "basic" or auth == "basic":
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")

        def authorize(request: urllib.request.Request) -> None:
            request.add_unredirected_header("Authorization", f"Basic {token}")

    else:
        return lambda request: None  # the server asked for nothing we know; send as is
    check = urllib.request.Request(url, method="GET")
    authorize(check)
    try:
        with urllib.request.build_opener().open(check, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        body = _read_quietly(exc)
        if exc.code in (401, 403):
            url = url.split("?", 1)[0]
            raise http_error(url, exc.code, body, action="upload", user=user) from None
    except (urllib.error.URLError, OSError) as exc:
        raise StoreUnavailable(f"cannot reach {url.split('?', 1)[0]}: {exc}") from exc
    return authorize


def _challenge(url: str, timeout: float | None) -> str:
    """The ``WWW-Authenticate`` header a GET of ``url`` without credentials gets, or ''."""
    try:
        with urllib.request.build_opener().open(url, timeout=timeout) as response:
            response.read()
        return ""
    except urllib.error.HTTPError as exc:
        _read_quietly(exc)
        return exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    except (urllib.error.URLError, OSError) as exc:
        raise StoreUnavailable(f"cannot reach {url.split('?', 1)[0]}: {exc}") from exc


def server_message(body: bytes | str | None) -> str:
    """The server's error text, made short and readable (tags and the echoed query removed)."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    # Virtuoso echoes the whole query after its message; the message is what helps.
    text = re.split(r"\n\s*SPARQL query:", text, maxsplit=1)[0]
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def http_error(
    url: str, status: int, body: bytes | None, *, action: str, user: str | None = None
) -> XjftzError:
    """The project error for an HTTP error answer to ``action`` ("query", "upload", …).

    The error's ``http_status`` attribute keeps the status for callers that branch on it.
    """
    error = _http_error(url, status, server_message(body), action, user)
    error.http_status = status
    return error


def _http_error(url: str, status: int, message: str, action: str, user: str | None) -> XjftzError:
    said = f": {message}" if message else ""
    if status in (401, 403):
        who = f"user {user!r}" if user else "no credentials"
        return StoreAuthError(
            f"{url} refused the {action} (HTTP {status}, {who}): "
            + ("check the user name and password" if user else "it needs --user/--password")
        )
    if status in (408, 504) or (status >= 500 and _VIRTUOSO_TIMEOUT.search(message)):
        return QueryTimeout(f"{url} stopped the {action} at its time limit (HTTP {status}){said}")
    if action == "query" and (
        status == 400 or (status >= 500 and _VIRTUOSO_SYNTAX.search(message))
    ):
        return QuerySyntaxError(f"the SPARQL server refused the query{said}")
    if status == 404:
        return StoreUnavailable(f"{url}: not found (HTTP 404) — is this the right endpoint?{said}")
    return StoreError(f"{url} failed the {action} (HTTP {status}){said}")


def open_url(
    request: urllib.request.Request,
    *,
    timeout: float | None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    action: str = "request",
) -> http.client.HTTPResponse:
    """Send ``request``; the response, or the matching project error."""
    request.add_header("User-Agent", USER_AGENT)
    url = request.full_url.split("?", 1)[0]
    opener = build_opener(url, user, password, auth)
    try:
        return opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        body = _read_quietly(exc)
        raise http_error(url, exc.code, body, action=action, user=user) from None
    except TimeoutError as exc:
        raise QueryTimeout(f"{url} did not answer the {action} within {timeout:g} s") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise QueryTimeout(f"{url} did not answer the {action} within {timeout:g} s") from exc
        raise StoreUnavailable(f"cannot reach {url}: {reason}") from exc
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        raise StoreUnavailable(f"cannot reach {url}: {exc}") from exc


def read_body(response: BinaryIO, url: str, timeout: float | None, action: str) -> bytes:
    """The whole response body; a connection cut or stalled mid-way becomes a project error."""
    try:
        return response.read()
    except TimeoutError as exc:
        raise QueryTimeout(f"{url} did not finish the {action} within {timeout:g} s") from exc
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        raise StoreUnavailable(f"{url} broke off the {action}: {exc}") from exc
    finally:
        response.close()


def header(headers: Mapping[str, str] | http.client.HTTPMessage, name: str) -> str:
    """A response header's value, or ''."""
    return headers.get(name, "") or ""


def _read_quietly(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except Exception:  # the body of an error answer is a courtesy; never mask the status
        return b""
