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

from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from graph.parse import PlanDocument
from graph.tsv import read_rows
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
    texts = {s.id: s.text for s in doc.sentences}
    rows: list[Responsibility] = []
    for line_no, (pid, agency_text, quote) in read_rows(path, COLUMNS):
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
