"""Part of stage 3 (assemble): which agency the text charges with an action.

Input:  ``graph/sources/responsibilities.tsv`` — columns ``provision`` (a provision id from
        ``graph.parse``), ``agency`` (an agency IRI from ``ontology/vocabularies/agencies.ttl``)
        and ``quote`` (the Chinese words of that provision that make the agency the subject of
        the obligation) — the parsed plan and the lexicon.
Output: a list of :class:`Responsibility` rows, each checked: the provision exists, the agency
        is an ``xjo:Agency`` of the vocabularies, the quote occurs in the provision's text and
        names the agency. A row that fails is an error naming the file, line and what is wrong.

Follows docs/DESIGN.md, ``responsibleAgency``: curated, each with the quoted words.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from graph.parse import PlanDocument
from graph.vocab import Lexicon
from ontology.errors import InputFileError
from ontology.namespaces import XJO

COLUMNS = ("provision", "agency", "quote")


@dataclass(frozen=True)
class Responsibility:
    provision: str
    agency: URIRef
    quote: str
    line: int


def load_responsibilities(path: Path, doc: PlanDocument, lexicon: Lexicon) -> list[Responsibility]:
    """Read and check the curated responsibilities (no file: none)."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(path, "not UTF-8") from exc
    texts = {s.id: s.text for s in doc.sentences}
    rows: list[Responsibility] = []
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise InputFileError(path, f"the header must be {' TAB '.join(COLUMNS)}", 1)
    for line_no, row in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != len(COLUMNS):
            raise InputFileError(
                path, f"expected {len(COLUMNS)} columns, found {len(row)}", line_no
            )
        pid, agency_text, quote = (c.strip() for c in row)
        agency = URIRef(agency_text)
        if pid not in texts:
            raise InputFileError(path, f"no provision “{pid}” in the plan", line_no)
        if lexicon.classes.get(agency) != XJO.Agency:
            raise InputFileError(path, f"{agency} is not an agency of the vocabularies", line_no)
        if not quote or quote not in texts[pid]:
            raise InputFileError(path, f"the quote “{quote}” does not occur in {pid}", line_no)
        names = [
            sf.form
            for table in lexicon.forms.values()
            for entries in table.values()
            for sf in entries
            if sf.entity == agency
        ]
        if not any(name in quote for name in names):
            raise InputFileError(path, f"the quote “{quote}” does not name {agency}", line_no)
        rows.append(Responsibility(pid, agency, quote, line_no))
    return rows
