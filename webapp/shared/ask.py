"""The search index of the served data, and the cached answer to a question: what /api/ask,
the answer page (/ask) and the measure explorer's evidence share.

Input:  a question and a language (``zh``, ``en`` or None to follow the question).
Output: ``ask_index()`` — the index of the served data (``queries.ask_index.index_for_data``:
        the published one, or one built from ``--data`` files); ``answer_for(q, lang)`` — the
        answer document of ``queries.ask``, cached, or ``ParameterError`` naming ``q`` for a
        question that cannot be read.
"""

from __future__ import annotations

from queries.ask import answer
from queries.ask_index import AskIndex, index_for_data
from queries.ask_understand import validate_question
from queries.errors import ParameterError
from webapp.shared.cache import cached, page_key
from webapp.state import settings


def ask_index() -> AskIndex:
    conf = settings()
    return index_for_data(tuple(conf.data) if conf.store != "remote" else ())


def answer_for(question: str, lang: str | None) -> dict:
    """The answer to ``question``, cached (``ParameterError`` for one that cannot be read)."""
    problem = validate_question(question)
    if problem:
        raise ParameterError("q", problem.removeprefix("q: "))
    doc, _ = cached(
        page_key("ask", question, lang),
        lambda: answer(ask_index(), question, lang),
        lambda d: 4 * len(str(d)),
    )
    return doc
