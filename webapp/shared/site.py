"""Site-wide behaviour: language, security headers and error pages, for every blueprint.

Input:  every request (``?lang=``, the ``lang`` cookie, ``Accept-Language``, ``Accept``).
Output: on every response the security headers (CSP without inline script or style, frame
        ancestors none, nosniff, referrer policy); the ``lang`` cookie when ``?lang=`` chose a
        language; error pages in the page language with both languages' titles — HTML for
        browsers, plain text otherwise, the protocol's own errors on /sparql and /api — never a
        stack trace. The blueprint has no routes of its own (the home page is
        ``webapp.pages.home``).
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, abort, g, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from ontology.errors import XjftzError
from webapp.shared.http import error_response
from webapp.shared.i18n import (
    COOKIE,
    COOKIE_MAX_AGE,
    LANGS,
    LanguageError,
    current_lang,
    other,
    requested_lang,
    t,
)

bp = Blueprint("site", __name__)
log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MACHINE_PATHS = ("/sparql", "/api/")


def allow_params(*names: str) -> None:
    """``abort(400)`` naming the first query parameter this page does not take."""
    allowed = {"lang", *names}
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        abort(
            400,
            description=t("bad_param", name=unknown[0][:40], allowed=", ".join(sorted(allowed))),
        )


def is_machine_path() -> bool:
    return request.path.startswith(MACHINE_PATHS)


@bp.before_app_request
def _language() -> None:
    if is_machine_path() or request.path.startswith("/static/"):
        return
    try:
        g.lang_choice = requested_lang()
    except LanguageError as exc:
        g.lang_choice = None
        abort(400, description=str(exc))


@bp.after_app_request
def _headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    choice = getattr(g, "lang_choice", None)
    if choice:
        response.set_cookie(COOKIE, choice, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return response


@bp.app_context_processor
def _template_globals() -> dict:
    lang = current_lang()
    return {"lang": lang, "other_lang": other(lang), "t": t, "switch_url": switch_url}


def switch_url(lang: str) -> str:
    """This page's URL with ``lang`` set (other parameters kept)."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    pairs.append(("lang", lang))
    return request.script_root + quote(request.path) + "?" + urlencode(pairs)


def _wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "text/plain", "application/json"])
    return best in (None, "text/html") or not request.accept_mimetypes


def error_page(status: int, message: str) -> Response:
    if is_machine_path():
        return error_response(
            _status_error(status, message), as_json=request.path.startswith("/api/")
        )
    if not _wants_html():
        return Response(message.rstrip() + "\n", status=status, mimetype="text/plain")
    key = f"error_{status}" if f"error_{status}" in _ERROR_TITLES else "error_other"
    html = render_template(
        "error.html",
        status=status,
        message=message,
        titles={lang: t(key, lang) for lang in LANGS},
    )
    return Response(html, status=status, mimetype="text/html")


_ERROR_TITLES = {"error_400", "error_404", "error_405", "error_500", "error_503"}


def _message(key: str) -> str:
    """An error message: in the page language for pages, in English for /sparql and /api,
    whose clients are programs (the page-language cookie is not theirs)."""
    return t(key, "en" if is_machine_path() else None)


def _status_error(status: int, message: str) -> HTTPException:
    exc = HTTPException(description=message)
    exc.code = status
    return exc


@bp.app_errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    default = _message(f"error_{status}") if f"error_{status}" in _ERROR_TITLES else exc.name
    message = exc.description if exc.description and status != 500 else default
    if status == 404 and message == type(exc).description:
        message = _message("error_404_text")
    response = error_page(status, message)
    for name, value in exc.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


@bp.app_errorhandler(XjftzError)
def _project_error(exc: XjftzError) -> Response:
    """A store or query error outside /sparql and /api (which answer their own)."""
    status = int(getattr(exc, "status", 500))
    if is_machine_path():
        return error_response(exc, as_json=request.path.startswith("/api/"))
    if status == 503:  # timeout or busy: try again shortly
        response = error_page(503, _message("error_503_text"))
        response.headers["Retry-After"] = "5"
        return response
    if status < 500:
        return error_page(status, str(exc))
    log.error("store error on %s: %s", request.path, exc)
    return error_page(500, _message("error_500_text"))


@bp.app_errorhandler(Exception)
def _internal_error(exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.path, exc_info=exc)
    return error_page(500, _message("error_500_text"))


@bp.app_errorhandler(InternalServerError)
def _internal_server_error(exc: InternalServerError) -> Response:
    return error_page(500, _message("error_500_text"))
