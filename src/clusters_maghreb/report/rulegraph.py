"""The pipeline's rule graph (``snakemake --rulegraph``) drawn as a layered figure.

Graphviz is not needed: nodes are placed in layers by their longest path from the sources,
left to right, and ordered within a layer by name, so the figure is deterministic.
"""

from __future__ import annotations

import re
from pathlib import Path

from clusters_maghreb import figures

NODE_RX = re.compile(r'^\s*(\d+)\[label = "([^"]+)"')
EDGE_RX = re.compile(r"^\s*(\d+) -> (\d+)")
# Stages by rule-name prefix: the colour of a node says which stage it belongs to.
STAGES = [
    ("check_source", "sources", "#999999"),
    ("extract", "extract", "#E69F00"),
    ("normalise_carte", "normalise", "#56B4E9"),
    ("mentions", "normalise", "#56B4E9"),
    ("observations", "normalise", "#56B4E9"),
    ("dataset", "normalise", "#56B4E9"),
    ("datapackage", "normalise", "#56B4E9"),
    ("notebook", "compare", "#009E73"),
    ("report", "report", "#CC79A7"),
    ("all", "target", "#000000"),
]


def parse(dot: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    nodes = {m[1]: m[2] for m in map(NODE_RX.match, dot.splitlines()) if m}
    edges = [(m[1], m[2]) for m in map(EDGE_RX.match, dot.splitlines()) if m]
    if not nodes:
        raise ValueError("expected a Graphviz digraph from snakemake --rulegraph, found no node")
    return nodes, edges


def layers(nodes: dict[str, str], edges: list[tuple[str, str]]) -> dict[str, int]:
    depth = {n: 0 for n in nodes}
    for _ in nodes:  # longest path: relax as many times as there are nodes
        for a, b in edges:
            depth[b] = max(depth[b], depth[a] + 1)
    return depth


def stage(label: str) -> tuple[str, str]:
    for prefix, name, colour in STAGES:
        if label.startswith(prefix):
            return name, colour
    return "other", "#444444"


def draw(dot: str, out_stem: str | Path) -> None:
    import matplotlib.pyplot as plt

    nodes, edges = parse(dot)
    depth = layers(nodes, edges)
    columns: dict[int, list[str]] = {}
    for n in sorted(nodes, key=lambda n: nodes[n]):
        columns.setdefault(depth[n], []).append(n)
    pos = {
        n: (x, -(i - (len(col) - 1) / 2)) for x, col in columns.items() for i, n in enumerate(col)
    }
    figures.use_house_style()
    height = max(len(c) for c in columns.values())
    fig, ax = plt.subplots(figsize=(2.3 * len(columns), 0.55 * height + 1))
    # Snakemake numbers the rules differently from run to run: draw in label order.
    for a, b in sorted(edges, key=lambda e: (nodes[e[0]], nodes[e[1]])):
        ax.annotate(
            "",
            xy=pos[b],
            xytext=pos[a],
            arrowprops={
                "arrowstyle": "->",
                "color": "#bbbbbb",
                "lw": 0.8,
                "shrinkA": 30,
                "shrinkB": 30,
            },
        )
    for n, (x, y) in pos.items():
        _, colour = stage(nodes[n])
        ax.text(
            x,
            y,
            nodes[n].replace("_", " "),
            ha="center",
            va="center",
            fontsize=7,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": colour, "lw": 1.5},
        )
    ax.set_axis_off()
    ax.grid(False)
    ax.set_xlim(-0.6, max(columns) + 0.6)
    ax.set_ylim(-height / 2 - 0.5, height / 2 + 0.5)
    fig.text(0, 0, "Source: snakemake --rulegraph of this build", fontsize=7)
    figures.save(fig, out_stem)
