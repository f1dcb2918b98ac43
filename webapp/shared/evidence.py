"""Sentences with the words that make them evidence marked: for /ask and the measure explorer.

Input:  a measure of the answer document of ``queries.ask`` (its ``sentences`` and ``evidence``).
Output: one dict per sentence — provision IRI, its anchor in the reader, sentence number, and the
        Chinese and English texts as ``Markup`` with each piece of evidence in ``<mark>``, the
        text escaped piece by piece.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def marked(text: str, spans: list[tuple[int, int]]) -> Markup:
    """``text`` escaped, the characters of ``spans`` in ``<mark>`` (overlaps kept out)."""
    out, at = [], 0
    for start, end in sorted(set(spans)):
        if start < at or end > len(text):
            continue
        out += [escape(text[at:start]), Markup("<mark>"), escape(text[start:end])]
        out.append(Markup("</mark>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def marked_sentences(measure: dict) -> list[dict]:
    """The sentences of one answer measure, evidence marked."""
    out = []
    for s in measure["sentences"]:
        ev = [e for e in measure["evidence"] if e["provision"] == s["provision"]]
        zh = [(e["start"], e["end"]) for e in ev if e["lang"] == "zh"]
        en = [(e["start"], e["end"]) for e in ev if e["lang"] == "en"]
        out.append(
            {
                "iri": s["provision"],
                "anchor": s["provision"].rsplit("/", 1)[-1],
                "sentence": s["sentence"],
                "zh": marked(s["text_zh"], zh),
                "en": marked(s["text_en"], en),
            }
        )
    return out
