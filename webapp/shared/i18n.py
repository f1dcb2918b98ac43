"""The site's two languages: the message catalogue and the choice of language per request.

Input:  a request — ``?lang=zh|en`` (an explicit choice, remembered in the ``lang`` cookie),
        else the cookie, else the best match of ``Accept-Language``, else Chinese.
Output: ``current_lang()`` ("zh" or "en"), ``t(key)`` the UI string in that language, and
        ``pick(values)`` choosing the chosen language's value with fallback to the other.

Every string the pages show that is not data lives in :data:`MESSAGES`, keyed by a short
name, with both languages; a test holds the two sides complete. Data (labels, texts) comes
from the graph in both languages and is chosen with :func:`pick`.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import g, request

from webapp.shared.messages import MESSAGES

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"  # the plan's own language, and the authoritative text
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


class LanguageError(ValueError):
    """A ``lang=`` parameter that is neither zh nor en."""


def other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def requested_lang() -> str | None:
    """The ``?lang=`` of this request, checked; ``None`` when absent."""
    value = request.args.get("lang")
    if value is None:
        return None
    value = value.strip().lower()
    if value not in LANGS:
        raise LanguageError(f"lang must be one of {', '.join(LANGS)}; got {value[:20]!r}")
    return value


def negotiate_lang() -> str:
    """The language for this request (see the module docstring for the order)."""
    try:
        explicit = requested_lang()
    except LanguageError:
        explicit = None  # the view reports the bad parameter; the error page still needs a language
    if explicit:
        return explicit
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGS:
        return cookie
    best = request.accept_languages.best_match(["zh", "zh-CN", "zh-Hans", "en", "en-US", "en-GB"])
    if best:
        return best[:2]
    return DEFAULT_LANG


def current_lang() -> str:
    lang = getattr(g, "lang", None)
    if lang is None:
        lang = g.lang = negotiate_lang()
    return lang


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The UI string ``key`` in ``lang`` (default: the request's), formatted with ``values``."""
    entry = MESSAGES[key]
    text = entry[lang or current_lang()]
    return text.format(**values) if values else text


def pick(values: Mapping[str, str | None], lang: str | None = None) -> str | None:
    """``values[lang]`` if set, else the other language's value, else ``None``."""
    lang = lang or current_lang()
    return values.get(lang) or values.get(other(lang)) or None
