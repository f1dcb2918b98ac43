"""A synthetic corpus shaped like the plan graph, at a chosen size, for the scale benchmarks.

Input:  the published graph (``graph/build/xjftz.nt``, or ``.ttl``), a target number of
        triples, a seed.
Output: one N-Triples file — the real published graph (ontology, vocabularies, the 2023 plan),
        the synthetic vocabulary extension (``bench.synthetic_vocab``), then synthetic plans
        until the target is reached — and a :class:`CorpusInfo` (triples, plans, seconds).

Each synthetic plan is built the way ``graph/structure.py`` and ``graph/annotate.py`` build the
real one, with the same ontology terms and IRI patterns, scoped by a plan key (``s0007``):
``plan/synthetic-s0007``, ``part/s0007-3``, ``section/s0007-2-2``, ``task-group/s0007-4``,
``measure/s0007-16`` (``xjo:measureNumber`` 16), ``provision/s0007-measure-16-3``,
``mention/s0007-measure-16-3-{start}-{end}`` (+ ``/target``, ``/position``, ``/quote``),
``zone/s0007-{place}`` with components and functions, ``ftz/s0007``. Provisions are real
sentences (zh and en) drawn at random by where they stand; each keeps its real mentions, about
half of them re-pointed to another entity of the same class — the @zh text then quotes that
entity's label, offsets follow — and zone mentions to the plan's own zones. Topics come from
the topics' trigger terms, as in the build; ``xjo:involves`` (+ typed, + regions of member
countries) and ``xjo:hasTopic`` are aggregated on measures, sections, task groups and parts, and
``xjo:involves`` on the plan, as the build materialises them. So the named queries run
unchanged: ``measure-entities`` with number 16 finds measure 16 of every plan.

Run as ``python -m bench.synthetic --triples 100000 --out corpus.nt``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import ID, PUBLISHED_TTL
from bench.synthetic_plan import PlanWriter
from bench.synthetic_vocab import extend_vocabulary
from bench.template import read_template

DEFAULT_SEED = 2023


@dataclass(frozen=True)
class CorpusInfo:
    path: str
    triples: int
    plans: int  # synthetic plans (the real plan comes on top)
    seconds: float
    target: int
    seed: int


def published_ntriples(published: Path = PUBLISHED_TTL) -> list[str]:
    """The published graph as N-Triples lines (the build writes ``xjftz.nt`` beside the ttl)."""
    nt = published.with_suffix(".nt")
    if nt.is_file():
        return [line for line in nt.read_text(encoding="utf-8").splitlines() if line.strip()]
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(published), format=ox.RdfFormat.TURTLE)
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode()
    return [line for line in text.splitlines() if line.strip()]


def generate(
    target: int, out: Path, seed: int = DEFAULT_SEED, published: Path = PUBLISHED_TTL
) -> CorpusInfo:
    """Write a corpus of about ``target`` triples (at least the real graph) to ``out``."""
    start = time.perf_counter()
    rng = random.Random(seed)
    template = read_template(published)
    vocab = extend_vocabulary(template, rng)
    out.parent.mkdir(parents=True, exist_ok=True)
    count, plans = 0, 0
    with out.open("w", encoding="utf-8") as f:
        for lines in (published_ntriples(published), vocab.lines):
            f.write("\n".join(lines) + "\n")
            count += len(lines)
        while count < target:
            plans += 1
            writer = PlanWriter(f"s{plans:04d}", template, vocab, rng)
            lines = writer.build()
            f.write("\n".join(lines) + "\n")
            count += len(lines)
    return CorpusInfo(str(out), count, plans, round(time.perf_counter() - start, 3), target, seed)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.synthetic", description=__doc__.split("\n")[0]
    )
    p.add_argument("--triples", type=int, default=100_000, help="target size (default 100000)")
    p.add_argument("--out", type=Path, required=True, help="N-Triples file to write")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = p.parse_args(argv)
    info = generate(args.triples, args.out, args.seed)
    print(f"{info.triples} triples, {info.plans} synthetic plans, {info.seconds} s → {info.path}")
    return 0


__all__ = ["ID", "CorpusInfo", "generate"]

if __name__ == "__main__":
    sys.exit(main())
