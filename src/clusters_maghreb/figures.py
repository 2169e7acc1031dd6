"""The house style and the deterministic saving of figures."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from clusters_maghreb.io import write_atomic  # noqa: E402

STYLE = Path(__file__).with_name("house.mplstyle")

# IPEMED sector codes 1-7, one colour each (colour-blind safe, Okabe-Ito), fixed across figures.
SECTOR_COLOURS = {
    1: "#E69F00",
    2: "#56B4E9",
    3: "#009E73",
    4: "#F0E442",
    5: "#0072B2",
    6: "#999999",
    7: "#CC79A7",
}
STATUS_ORDER = ["constituted", "emergent", "expected"]
STATUS_HATCH = {"constituted": "", "emergent": "//", "expected": ".."}


def use_house_style() -> None:
    plt.style.use(STYLE)


def save(fig, stem: str | Path) -> None:
    """Write ``<stem>.svg`` and ``<stem>.png`` with fixed metadata, so builds are byte-stable."""
    stem = Path(stem)
    for fmt, metadata in (("svg", {"Date": None, "Creator": None}), ("png", {"Software": None})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, metadata=metadata)
        write_atomic(stem.with_suffix(f".{fmt}"), buffer.getvalue())
    plt.close(fig)
