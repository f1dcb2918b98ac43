"""Measures per task group and topic: a table and a chart, from the xjftz data package.

Input:  the published tables (``graph/build/``, after ``xjftz build``), or with
        ``--endpoint URL`` a SPARQL endpoint serving the graph (e.g. ``xjftz serve``'s /sparql).
Output: in ``--out DIR`` (default: the current directory) ``measures_by_topic.csv`` — one row per
        task group, one column per topic, each cell the number of the group's measures tagged
        with the topic — and ``measures_by_topic.png``, the same as a stacked bar chart. The
        table is printed too.

    pip install -e '.[examples]'         # pandas and matplotlib
    python docs/examples/measures_by_topic.py --out /tmp
    python docs/examples/measures_by_topic.py --endpoint http://127.0.0.1:5000/sparql
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write files; no window
import matplotlib.pyplot as plt
import pandas as pd

import xjftz


def measures_by_topic(endpoint: str | None = None) -> pd.DataFrame:
    """Task groups × topics: how many of each group's measures carry each topic."""
    measures = xjftz.table("measures", lang="en", endpoint=endpoint)
    topics = xjftz.table("measure-topics", lang="en", endpoint=endpoint)
    tagged = topics.merge(measures, on="measure")
    counts = pd.crosstab(
        [tagged["task_group_ordinal"], tagged["task_group_title"]], tagged["topic_label"]
    )
    counts.index = [f"{n}. {title}" for n, title in counts.index]
    counts.index.name = "task group"
    counts.columns.name = None
    return counts


def chart(counts: pd.DataFrame, path: Path) -> None:
    short = counts.rename(index=lambda s: s if len(s) <= 45 else s[:44] + "…")
    ax = short.plot.barh(stacked=True, figsize=(13, 6), colormap="tab20", width=0.8)
    ax.invert_yaxis()  # task group 1 on top
    ax.set_xlabel("measures tagged with the topic")
    ax.set_title("Measures per task group and topic — Master Plan of the Xinjiang Pilot FTZ")
    ax.legend(fontsize="small", bbox_to_anchor=(1.01, 1), loc="upper left")
    plt.tight_layout()
    plt.savefig(path, dpi=100)
    plt.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="a SPARQL endpoint URL instead of the local tables")
    parser.add_argument("--out", default=".", help="directory for the CSV and PNG")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    counts = measures_by_topic(args.endpoint)
    counts.to_csv(out / "measures_by_topic.csv")
    chart(counts, out / "measures_by_topic.png")
    with pd.option_context("display.width", 200, "display.max_columns", None):
        print(counts)


if __name__ == "__main__":
    main()
