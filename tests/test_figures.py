"""Figures as the report shows them: ``figures.save`` writes what matplotlib draws."""

import io

import matplotlib.pyplot as plt
import pytest

from clusters_maghreb import figures

METADATA = {"Date": None, "Creator": None}


def members_figure(layout: str | None):
    """A figure whose layout engine, if any, narrows its axes as it is drawn (a long label),
    and with them the number of ticks that fit."""
    figures.use_house_style()
    fig, ax = plt.subplots(figsize=(3.2, 2.4), layout=layout)
    ax.barh(["Universities and research centres", "Firms"], [137, 684])
    ax.set_title("Members by type")
    return fig


def map_figure(_layout: str | None):
    """A map's axes: equal aspect, whose box narrows only as the figure is drawn, and with
    it the number of ticks that fit."""
    figures.use_house_style()
    fig, ax = plt.subplots(figsize=(4, 2.4))
    ax.scatter([0, 20], [0, 100])
    ax.set_aspect("equal", adjustable="box")
    return fig


# (not "tight": each draw moves its axes by a millionth of a point)
@pytest.mark.parametrize(
    ("make", "layout"),
    [(members_figure, None), (members_figure, "constrained"), (map_figure, None)],
    ids=["plain", "constrained", "equal-aspect"],
)
def test_the_english_figure_is_the_figure_as_matplotlib_draws_it(tmp_path, make, layout):
    drawn = io.BytesIO()
    make(layout).savefig(drawn, format="svg", metadata=METADATA)
    figures.save(make(layout), tmp_path / "fig")
    assert (tmp_path / "fig.svg").read_bytes() == drawn.getvalue()
