"""`xjftz ask`: a question in Chinese or English, answered from the search index.

Input:  ``TEXT [--lang zh|en] [--format json|table] [--index FILE]`` — the index defaults to the
        published one (``graph/build/search.sqlite``, written by ``xjftz build``).
Output: ``--format json`` prints the answer document of ``queries.ask`` (the same JSON as
        ``GET /api/ask?q=TEXT``); ``table`` (the default) prints what was understood and each
        answer with its sentences, the words that carry each facet in [brackets]. Exit 1 on a
        question that cannot be read (too long, control characters) or a missing index.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import json
import sys

from queries.errors import QueryError


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in sorted(set(spans)):
        if start < at:
            continue
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    return "".join([*out, text[at:]])


def _area_line(area: dict, zh: bool) -> str:
    unit = "平方公里" if zh else " km²"
    parts = [f"{c['label']} {c['km2']}{unit}" for c in area["components"]]
    if zh:
        return f"面积 {area['km2']} 平方公里" + (f"（含{'；'.join(parts)}）" if parts else "")
    return f"area {area['km2']} km²" + (f" (including {'; '.join(parts)})" if parts else "")


def format_table(doc: dict) -> str:
    """The answer as text for a terminal."""
    zh = doc["lang"] == "zh"
    lines = []
    understood = " · ".join(f"{u['kind']} {u['label']}" for u in doc["understood"])
    lines.append(("理解为：" if zh else "understood as: ") + (understood or "—"))
    for lst in doc["lists"]:  # what a "which countries" question asks comes first
        n = len(lst["entities"])
        lines.append(f"\n{lst['words']}（{n}）" if zh else f"\n{lst['words']} ({n})")
        for e in lst["entities"]:
            where = [("措施 " if zh else "measures ") + ", ".join(map(str, e["measures"]))]
            where = where if e["measures"] else []
            if e.get("elsewhere"):  # sentences outside the measures, by their reader anchor
                anchors = ", ".join(p.rsplit("/", 1)[-1] for p in e["elsewhere"])
                where.append(("另见 " if zh else "also ") + anchors)
            lines.append(f"   {e['label']} — " + ("；" if zh else "; ").join(where))
        if not lst["entities"] and lst["within"]:
            lines.append("   （问题所指的措施中没有）" if zh else "   (none in those measures)")
        elif not lst["entities"]:
            lines.append("   （方案中没有）" if zh else "   (none in the plan)")
    for r in doc["responsibilities"]:
        agencies = ("、" if zh else "; ").join(a["label"] for a in r["agencies"])
        lines.append(("\n负责：" if zh else "\nresponsible: ") + agencies)
        zh_spans = [(e["start"], e["end"]) for e in r["evidence"] if e["lang"] == "zh"]
        lines += ["   " + _marked(r["text_zh"], zh_spans), "   " + r["text_en"]]
    for m in doc["measures"]:
        title = m["title_zh"] if zh else m["title_en"]
        lines.append(f"\n{m['number']}. {title}")
        if m["apart"]:
            lines.append(
                "   "
                + (
                    "（各方面见于不同句子）"
                    if zh
                    else "(the facets meet only in different sentences)"
                )
            )
        for s in m["sentences"]:
            ev = [e for e in m["evidence"] if e["provision"] == s["provision"]]
            zh_spans = [(e["start"], e["end"]) for e in ev if e["lang"] == "zh"]
            en_spans = [(e["start"], e["end"]) for e in ev if e["lang"] == "en"]
            lines.append(f"   {s['sentence']}: " + _marked(s["text_zh"], zh_spans))
            lines.append("      " + _marked(s["text_en"], en_spans))
    for z in doc["zones"]:
        lines.append(f"\n{z['label']}")
        if z.get("area"):
            lines.append("   " + _area_line(z["area"], zh))
        lines += [f"   - {f['label']}" for f in z["functions"]]
        if z.get("sentence"):
            ev = z["evidence"]
            zh_spans = [(e["start"], e["end"]) for e in ev if e["lang"] == "zh"]
            lines.append("   " + _marked(z["sentence"]["text_zh"], zh_spans))
    for o in doc.get("other_sentences", []):
        zh_spans = [(e["start"], e["end"]) for e in o["evidence"] if e["lang"] == "zh"]
        en_spans = [(e["start"], e["end"]) for e in o["evidence"] if e["lang"] == "en"]
        lines += ["\n" + _marked(o["text_zh"], zh_spans), "   " + _marked(o["text_en"], en_spans)]
    answers = ("measures", "zones", "lists", "responsibilities", "other_sentences")
    if not any(doc.get(k) for k in answers):
        lines.append("无结果" if zh else "no answer")
        for s in doc["suggestions"]:
            lines.append(
                f"   {s['kind']}: {s.get('label') or s.get('facet')} ({s.get('measures', '')})"
            )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from queries.ask import answer
    from queries.ask_index import open_index
    from queries.ask_understand import validate_question

    problem = validate_question(args.text)
    if problem:
        raise QueryError(problem)
    doc = answer(open_index(args.index), args.text, args.lang)
    if args.format == "json":
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(format_table(doc))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "ask",
        help="answer a question in Chinese or English from the search index",
        description="Read a question (e.g. 中亚 物流, or 'measures involving Central Asia and "
        "logistics') into entities, topics, areas and words, and answer with the measures or "
        "areas and the sentences that carry each facet.",
    )
    p.add_argument("text", metavar="TEXT", help="the question")
    p.add_argument("--lang", choices=("zh", "en"), help="language of labels in the answer")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    p.add_argument("--index", metavar="FILE", help="a search index other than the published one")
    p.set_defaults(func=run)
