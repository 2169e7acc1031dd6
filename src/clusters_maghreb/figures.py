"""The house style and the deterministic saving of figures."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import matplotlib.text

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from clusters_maghreb import i18n  # noqa: E402
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


def figure_path(stem: str | Path, lang: str, fmt: str) -> Path:
    """``<stem>.<fmt>`` in English, ``<dir>/<lang>/<name>.<fmt>`` in another language."""
    stem = Path(stem)
    if lang == i18n.SOURCE_LANGUAGE:
        return stem.with_suffix(f".{fmt}")
    return stem.parent / lang / f"{stem.name}.{fmt}"


def figure_texts(fig) -> dict:
    """The figure's texts as the notebook wrote them: each axis's tick labels (with their
    positions) and every other text, so that each language is translated from them."""
    # get_ticklabels places the ticks for the axes as they are; a layout engine (constrained,
    # tight), a fixed aspect or an axes locator moves the axes (or their limits) only as the
    # figure is drawn, and with them their ticks
    if fig.get_layout_engine() is not None or any(
        ax.get_aspect() != "auto"
        or ax.get_box_aspect() is not None
        or ax.get_axes_locator() is not None
        for ax in fig.axes
    ):
        fig.draw_without_rendering()
    ticks = {}
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t.get_text() for t in axis.get_ticklabels()]
            if any(labels):
                ticks[axis] = (ax, list(axis.get_ticklocs()), labels)
    tick_texts = {id(t) for axis in ticks for t in axis.get_ticklabels()}
    texts = {
        t: t.get_text()
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_text() and id(t) not in tick_texts
    }
    return {"ticks": ticks, "texts": texts}


def localise_figure(fig, lang: str, source: dict) -> None:
    """Every text of the figure (titles, labels, tick labels, legends, notes) in ``lang``,
    translated from ``source`` (``figure_texts``) through the message catalog, each source
    named as the bibliography names it (``i18n.readable``); the axes keep their limits."""

    def shown(text: str) -> str:
        return i18n.readable(i18n.localise(text, lang), lang)

    for axis, (ax, locs, labels) in source["ticks"].items():
        limits = ax.get_xlim() if axis is ax.xaxis else ax.get_ylim()
        axis.set_ticks(locs, labels=[shown(t) for t in labels])
        (ax.set_xlim if axis is ax.xaxis else ax.set_ylim)(limits)
    for text, written in source["texts"].items():
        text.set_text(shown(written))


def save(fig, stem: str | Path) -> None:
    """Write ``<stem>.svg`` with fixed metadata, so builds are byte-stable; then the same figure
    in every other language of the catalog (``figure_path``). SVG only: both editions embed the
    SVG (HTML inline, Typst natively), and each extra format costs a full draw of the figure."""
    source = figure_texts(fig)
    for lang in i18n.languages():
        localise_figure(fig, lang, source)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        write_atomic(figure_path(stem, lang, "svg"), buffer.getvalue())
    plt.close(fig)
