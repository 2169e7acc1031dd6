"""Where the clusters are: places per year, concentration by city and region, map helpers.

Rules, stated once here and cited by the notebook:

- **Places carried across years.** Only the 2019 sources give places (ipemed-2019, and
  moroccan-clusters-2020 for Morocco); the 2014 reconstruction and errajaoui-nokairi-2023 give
  none (its Table 2 says "National" for every cluster's perimeter). A cluster's seat, sector and
  territory (rooted or constructed: how the territory was formed, not the state of the
  cluster) describe the cluster rather than a year, so a row without them takes them from the
  same cluster's nearest year that gives them (the earlier year on a tie); the row's
  ``place_from`` says which. Status is a year's own and is never carried.
- **Place names.** snapshots.csv keeps a city as its source spells it (Marrakech, Tanger,
  Alger) with its GeoNames id; the maps, tables and facts name it by its display name in
  data/reference/places.csv (``name_en``; ``name_fr`` for French), looked up by that id, so
  one city has one name whatever its spelling in the sources (Gabes and Gabès). Only places
  of level ``city`` have a point: a cluster the sources place in a region only (Kabylie, "les
  régions du Nord-Est") is not drawn, and counts among those without a point.
- **Merged clusters** (status ``merged``) have been absorbed into another cluster by that year:
  they are counted apart, not drawn nor counted among the year's clusters.
- **Several clusters at one city** are spread on a circle around the city's point, in the
  order of their ``cluster_id``: the k-th of n at the angle 90° + 360°·k/n, on the smallest
  circle that keeps neighbouring markers ``SPACING`` marker widths apart, centre to centre (a
  size in marker widths, measured in typographic points on the drawn map, so the same on
  every map and inset; and a circle as drawn: the longitude offsets are stretched by the
  map's aspect). The city's label gives n and points at the city itself.
- **A harbour city's circle leans inland.** When some of those points would fall at sea (or
  in another country), the circle moves towards land, by half its radius or its whole radius
  (so that the city stays inside the circle, or on it: moving further would put the markers
  by another town), in one of the eight compass directions: the shift with the most markers in the
  country is taken, then the shorter, then the first direction from north clockwise. A
  marker may so stay over the sea, near its city. The notebook writes where each marker is
  drawn (tbl-map-markers-<cc>.csv).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.path import Path as MplPath

from clusters_maghreb.constants import COUNTRY_NAMES
from clusters_maghreb.constants import YEARS as YEARS  # re-exported: the notebook reads geo.YEARS

CARRIED = ("city", "region", "lat", "lon", "sector_code", "territory")
MARKER_SIZE = 8  # points, the markers' width
SPACING = 1.25  # marker widths between neighbouring markers of one city, centre to centre
MIN_WIDTH = 0.9
EDGE_ROOM = 0.25
# Where the clusters are too dense for the country's map, an inset draws them at a larger
# scale and the main map shows the inset's box: name, box (lon0, lon1, lat0, lat1), the
# inset's place in the panel (axes fraction: x, y, width, height; over the sea or the empty
# south), and the side of its labels (None: the nearer side). Morocco's Casablanca-Rabat coast
# holds 10 of the 15 clusters of 2019 within 150 km (the box reaches west over the sea, where
# the labels of Rabat, Mohammedia and Casablanca go; Settat's, further south, is over land);
# all of Algeria's placed clusters are within 250 km of the coast.
ZOOMS = {
    "MA": ("Casablanca-Rabat", (-9.0, -6.3, 32.75, 34.35), (0.4, 0.0, 0.6, 0.45), "left", "top"),
    "DZ": ("Northern Algeria", (-2.5, 11.5, 34.0, 37.4), (0.02, 0.02, 0.96, 0.42), None, "bottom"),
}

# Marker by status; a row without a status (a cluster known to exist, e.g. in 2014) is 'D'.
STATUS_MARKERS = {"constituted": "o", "emergent": "^", "expected": "s", "": "D"}
STATUS_LABELS = {
    "constituted": "constituted",
    "emergent": "emergent",
    "expected": "expected",
    "": "status not stated",
}
NO_SECTOR_COLOUR = "#000000"

# Morocco's regions grouped as errajaoui-nokairi-2023 (line 266) groups its cities, so that
# its shares can be recomputed. The "Casablanca, Settat, Rabat axis" names two cities of the
# Casablanca-Settat region and the capital of Rabat-Salé-Kénitra: the axis is those two
# regions (the 2015 regions, which places.csv uses), i.e. the coastal corridor from Settat
# through Casablanca and Mohammedia to Rabat, Salé and Kénitra; "Safi, Marrakech, and
# Agadir" are in Marrakech-Safi and Souss-Massa; "Oujda, Fès, and Meknès" in Oriental and
# Fès-Meknès.
MA_GROUPS = {
    "axis": ("Casablanca-Settat", "Rabat-Salé-Kénitra"),
    "south": ("Marrakech-Safi", "Souss-Massa"),
    "east": ("Oriental", "Fès-Meknès"),
}
# errajaoui-nokairi-2023's sentences on where its clusters are: "<n>% ... located along/in
# <places>", and "The clusters are more concentrated along ...".
CLAIM_SENTENCE = re.compile(r"\d+%[^.]* located (?:along|in) |more concentrated along ")
CLAIM_SHARE = re.compile(r"(\d+)%[^.]*? located (?:along|in) (?:the )?([^.]*)\.")


def country_name(country: str) -> str:
    return COUNTRY_NAMES.get(country, country)


def slug(text: str) -> str:
    """A snake_case key part: 'Bordj Bou Arreridj' -> 'bordj_bou_arreridj'."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")


def load_boundaries(path: str | Path) -> dict[str, list[np.ndarray]]:
    """``{iso2: [ring, ...]}``: the outer ring of every polygon of every country, as (lon, lat)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, list[np.ndarray]] = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        out[feature["properties"]["iso2"]] = [np.asarray(p[0], dtype=float) for p in polygons]
    return out


def inside(rings: list[np.ndarray], lon: float, lat: float) -> bool:
    """Whether (lon, lat) lies inside one of the rings."""
    return any(MplPath(r).contains_point((lon, lat)) for r in rings)


def extent(rings: list[np.ndarray], margin: float = 0.06) -> tuple[float, float, float, float]:
    """(lon_min, lon_max, lat_min, lat_max) of the rings, widened by ``margin`` of each span."""
    points = np.vstack(rings)
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    dx, dy = (x1 - x0) * margin, (y1 - y0) * margin
    return x0 - dx, x1 + dx, y0 - dy, y1 + dy


def place_names(places: pd.DataFrame, language: str = "en") -> dict[str, str]:
    """GeoNames id (a string) -> the city's display name in ``language`` ('en' or 'fr'), from
    data/reference/places.csv (read as strings)."""
    if language not in ("en", "fr"):
        raise ValueError(f"language {language!r}: expected 'en' or 'fr'")
    cities = places[places["geonames_id"].fillna("").astype(str) != ""]
    return dict(zip(cities["geonames_id"].astype(str), cities[f"name_{language}"], strict=True))


def _ids(column: pd.Series) -> pd.Series:
    """GeoNames ids as strings ('' where none), however pandas read the column."""
    ids = pd.to_numeric(column, errors="raise").astype("Int64")
    return ids.map(lambda v: "" if pd.isna(v) else str(v))


def year_rows(
    snapshots: pd.DataFrame, country: str, year: int, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """One row per cluster of ``country`` in ``year`` (merged ones left out), with the carried
    fields filled from the cluster's nearest year that has them and ``place_from`` the year
    the place came from (empty when no year gives one). Sorted by ``cluster_id``. With
    ``names`` (place_names), ``city`` is the city's display name and ``city_as_written`` the
    source's spelling."""
    snap = snapshots[snapshots["country"] == country].copy()
    for col in ("status", "territory", "city", "region", "confidence"):
        snap[col] = snap[col].fillna("").astype(str)
    if "geonames_id" in snap:
        snap["geonames_id"] = _ids(snap["geonames_id"])
    rows = snap[(snap["reference_year"] == year) & (snap["status"] != "merged")].copy()
    rows["place_from"] = pd.array([pd.NA] * len(rows), dtype="Int64")
    for i, row in rows.iterrows():
        others = snap[snap["cluster_id"] == row["cluster_id"]].copy()
        others["distance"] = (others["reference_year"] - year).abs()
        others = others.sort_values(["distance", "reference_year"])
        placed = others[others["lat"].notna() & others["lon"].notna()]
        if len(placed):
            source = placed.iloc[0]
            for col in ("city", "region", "lat", "lon", "geonames_id"):
                if col in source:
                    rows.at[i, col] = source[col]
            rows.at[i, "place_from"] = int(source["reference_year"])
        for col in ("sector_code", "territory"):
            if pd.isna(row[col]) or row[col] == "":
                given = others[others[col].notna() & (others[col].astype(str) != "")]
                if len(given):
                    rows.at[i, col] = given.iloc[0][col]
    if names is not None:
        rows["city_as_written"] = rows["city"]
        placed = rows["geonames_id"] != ""
        unknown = sorted(set(rows.loc[placed, "geonames_id"]) - set(names))
        if unknown:
            raise ValueError(f"GeoNames ids {unknown} have no display name in places.csv")
        rows.loc[placed, "city"] = rows.loc[placed, "geonames_id"].map(names)
    return rows.sort_values("cluster_id").reset_index(drop=True)


def spread_radius(n: int, marker_size: float = MARKER_SIZE) -> float:
    """The radius, in points, of the circle of ``n`` (>= 2) markers ``marker_size`` wide at
    one city."""
    return SPACING * marker_size / (2 * math.sin(math.pi / n))


def degrees_per_point(ax) -> float:
    """Degrees of latitude in a typographic point on ``ax`` (a map whose aspect is set), as
    it will be drawn: the figure's maps are given their aspect first (an inset is placed in
    its map as drawn), then ``ax`` is, an inset placed by its locator."""
    for other in ax.figure.axes:
        if other.get_axes_locator() is None:
            other.apply_aspect()
    locator = ax.get_axes_locator()
    ax.apply_aspect(locator(ax, None) if locator else None)
    y0, y1 = ax.get_ylim()
    return (y1 - y0) / (72 * ax.get_position().height * ax.figure.get_figheight())


def jitter(
    rows: pd.DataFrame,
    point: float,
    land: list[np.ndarray] | None = None,
    marker_size: float = MARKER_SIZE,
    aspect: float | None = None,
) -> pd.DataFrame:
    """``rows`` (with lat/lon) plus ``x``, ``y``: clusters sharing a point spread on a circle,
    moved inland when ``land`` (the country's rings) is given and the circle would leave it
    (rules in the module docstring); ``n_at_point``, the number at that point. ``point`` is
    the size of a typographic point on the map, in degrees of latitude; ``aspect``, the map's
    (a degree of latitude over a degree of longitude, as drawn), 1/cos(the city's latitude)
    when not given."""
    out = rows.sort_values("cluster_id").copy()
    out["x"], out["y"], out["n_at_point"] = out["lon"], out["lat"], 1
    for (lat, lon), group in out.groupby(["lat", "lon"], sort=True):
        n = len(group)
        if n == 1:
            continue
        radius = spread_radius(n, marker_size) * point
        stretch = aspect or 1 / math.cos(math.radians(lat))  # a degree of longitude is shorter
        angles = [math.radians(90 + 360 * k / n) for k in range(n)]
        xs = np.array([radius * math.cos(a) * stretch for a in angles])
        ys = np.array([radius * math.sin(a) for a in angles])
        dx, dy = _inland(land, lon, lat, xs, ys, radius, stretch) if land else (0.0, 0.0)
        out.loc[group.index, "x"] = lon + dx + xs
        out.loc[group.index, "y"] = lat + dy + ys
        out.loc[group.index, "n_at_point"] = n
    return out


def _inland(land, lon, lat, xs, ys, radius, stretch) -> tuple[float, float]:
    """The shift of the circle ``(lon + xs, lat + ys)`` towards ``land`` (rule in the module
    docstring)."""
    paths = [MplPath(ring) for ring in land]

    def on_land(dx: float, dy: float) -> int:
        points = np.column_stack([lon + dx + xs, lat + dy + ys])
        return int(np.logical_or.reduce([p.contains_points(points) for p in paths]).sum())

    best, shift = on_land(0.0, 0.0), (0.0, 0.0)
    for length in (0.5, 1.0):
        for j in range(8):
            angle = math.radians(90 - 45 * j)
            dx = length * radius * math.cos(angle) * stretch
            dy = length * radius * math.sin(angle)
            if (n := on_land(dx, dy)) > best:
                best, shift = n, (dx, dy)
    return shift


def spread_labels(ys: list[float], gap: float) -> list[float]:
    """Label heights at least ``gap`` apart, in the input's order, moved as little as a
    deterministic sweep allows: sorted upwards, each pushed above the previous one, then the
    whole column shifted back so that its mean is the mean of ``ys``."""
    if not ys:
        return []
    order = sorted(range(len(ys)), key=lambda i: (ys[i], i))
    placed: list[float] = []
    for i in order:
        placed.append(ys[i] if not placed else max(ys[i], placed[-1] + gap))
    shift = (sum(ys) - sum(placed)) / len(ys)
    out = [0.0] * len(ys)
    for i, y in zip(order, placed, strict=True):
        out[i] = y + shift
    return out


def concentration(rows: pd.DataFrame) -> pd.DataFrame:
    """Clusters per (region, city) among the placed ``rows``, with the share in percent of the
    placed clusters; sorted by count (descending), region, city."""
    placed = rows[rows["lat"].notna()]
    counts = placed.groupby(["region", "city"]).size().rename("clusters").reset_index()
    counts["share_pct"] = (100 * counts["clusters"] / max(len(placed), 1)).round(1)
    return counts.sort_values(
        ["clusters", "region", "city"], ascending=[False, True, True]
    ).reset_index(drop=True)


def group_share(rows: pd.DataFrame, regions: tuple[str, ...]) -> tuple[int, int, float | None]:
    """(clusters in ``regions``, placed clusters, share in percent or None) of ``rows``."""
    placed = rows[rows["lat"].notna()]
    n = int(placed["region"].isin(regions).sum())
    return n, len(placed), (round(100 * n / len(placed), 1) if len(placed) else None)


def find_claim(path: str | Path) -> tuple[int, str, dict[str, int]]:
    """The concentration claim of errajaoui-nokairi-2023: (line, quote, shares). The quote is
    the line's sentences on where the clusters are, as written, "[...]" marking the sentences
    left out between them; shares are keyed by the places
    as written, e.g. ``{"Casablanca, Settat, Rabat axis": 60, ...}``."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    hits = [n for n, text in enumerate(lines, 1) if CLAIM_SENTENCE.search(text)]
    if len(set(hits)) != 1:
        raise ValueError(f"{path}: expected the concentration claim on one line, got {hits}")
    line = hits[0]
    sentences = re.split(r"(?<=\.)\s+", lines[line - 1].strip())
    kept = [i for i, s in enumerate(sentences) if CLAIM_SENTENCE.search(s)]
    quote = sentences[kept[0]]
    for before, i in zip(kept, kept[1:], strict=False):
        quote += (" " if i == before + 1 else " [...] ") + sentences[i]
    shares = {place.strip(): int(pct) for pct, place in CLAIM_SHARE.findall(quote)}
    return line, quote, shares


def missing_sentence(country: str, year: int, n_rows: int, n_placed: int) -> str | None:
    """The sentence a panel shows instead of (or beside) points, or None when all are placed.
    It speaks of the processed data, not of the sources: a source may name a city that no
    table column carries (ipemed-2019:627 puts two Algerian projects "à Oran")."""
    name = country_name(country)
    if n_rows == 0:
        return f"No source covers {name} in {year}."
    if n_placed == 0:
        return f"None of {name}'s {n_rows} clusters of {year} has a city in the data."
    if n_placed < n_rows:
        k = n_rows - n_placed
        verbs = "has no city in the data and is" if k == 1 else "have no city in the data and are"
        return f"{k} of {name}'s {n_rows} clusters of {year} {verbs} not drawn."
    return None


def frame(boundaries: dict[str, list[np.ndarray]], country: str) -> tuple[float, ...]:
    """The map's frame on ``country``. This copy of Natural Earth draws Morocco's polygon over
    Western Sahara as well (down to 21.4°N), and Western Sahara apart (EH); the maps take no
    position and frame Morocco north of Western Sahara's northern edge, as the sources' places
    all are. The frame is widened to ``MIN_WIDTH``."""
    rings = boundaries[country]
    if country == "MA" and "EH" in boundaries:
        top = max(float(r[:, 1].max()) for r in boundaries["EH"])
        rings = [r[r[:, 1] >= top] for r in rings]
    x0, x1, y0, y1 = extent(rings)
    # A narrow country (Tunisia) gets sea and land either side, room for the labels: the frame
    # is at least MIN_WIDTH times as wide as tall, on the map's projection.
    scale = math.cos(math.radians((y0 + y1) / 2))
    missing = MIN_WIDTH * (y1 - y0) / scale - (x1 - x0)
    if missing > 0:
        x0, x1 = x0 - missing / 2, x1 + missing / 2
    return x0, x1, y0, y1


def draw_boundaries(ax, boundaries: dict[str, list[np.ndarray]], country: str, box=None) -> None:
    """The country (light fill) among its neighbours (grey; Western Sahara dashed, on top, as
    Natural Earth draws it), framed on the country or on ``box`` (lon0, lon1, lat0, lat1)."""
    from matplotlib.patches import Polygon

    x0, x1, y0, y1 = box or frame(boundaries, country)
    order = sorted(boundaries, key=lambda iso2: (iso2 == "EH", iso2 == country, iso2))
    order = [i for i in order if i != "EH"] + (["EH"] if "EH" in boundaries else [])
    for iso2 in order:
        own = iso2 == country
        for ring in boundaries[iso2]:
            # A ring wholly outside the frame is not seen, but an SVG would still carry all
            # its points: it is left out.
            (rx0, ry0), (rx1, ry1) = ring.min(axis=0), ring.max(axis=0)
            if rx1 < x0 or rx0 > x1 or ry1 < y0 or ry0 > y1:
                continue
            ax.add_patch(
                Polygon(
                    ring,
                    closed=True,
                    facecolor="#f4f1ea" if own else "#e6e6e6",
                    edgecolor="#555555" if own else "#999999",
                    linewidth=0.8 if own else 0.5,
                    linestyle="--" if iso2 == "EH" else "-",
                    zorder=1,
                )
            )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))  # equirectangular at mid-latitude
    ax.set_facecolor("#dcebf5")  # sea
    ax.grid(False)


def in_box(rows: pd.DataFrame, box) -> pd.Series:
    """Whether each row's place lies in ``box`` (lon0, lon1, lat0, lat1)."""
    x0, x1, y0, y1 = box
    return rows["lon"].between(x0, x1) & rows["lat"].between(y0, y1)


def draw_clusters(
    ax,
    rows: pd.DataFrame,
    colours: dict[int, str],
    label_gap=0.045,
    label_side=None,
    label_size=7.5,
    land: list[np.ndarray] | None = None,
    marker_size: float = MARKER_SIZE,
) -> pd.DataFrame:
    """The placed ``rows`` at their (jittered) points: colour by sector, marker by status,
    filled = rooted territory, hollow = constructed, half-filled = territory not stated; each
    city labelled with its number of clusters, in a column on the map's nearer side (or on
    ``label_side``, "left" or "right"), at least ``label_gap`` of the frame's height apart.
    With ``land`` (the country's rings), a city's clusters lean inland at the coast. Returns the
    placed rows with where their markers are drawn (``x``, ``y``)."""
    point, aspect = degrees_per_point(ax), ax.get_aspect()
    aspect = aspect if isinstance(aspect, float) else None  # "auto": no map aspect set
    placed = jitter(rows[rows["lat"].notna()], point, land, marker_size, aspect)
    for r in placed.itertuples(index=False):
        colour = colours[int(r.sector_code)] if pd.notna(r.sector_code) else NO_SECTOR_COLOUR
        style = {
            "marker": STATUS_MARKERS.get(r.status, "D"),
            "markersize": marker_size,
            "markeredgecolor": "#222222",
            "markeredgewidth": 0.7,
            "linestyle": "none",
            "zorder": 3,
        }
        if r.territory == "rooted":
            ax.plot(r.x, r.y, markerfacecolor=colour, **style)
        elif r.territory == "constructed":
            style.update(markeredgecolor=colour, markeredgewidth=2.2)
            ax.plot(r.x, r.y, markerfacecolor="white", **style)
        else:
            ax.plot(
                r.x,
                r.y,
                markerfacecolor=colour,
                fillstyle="left",
                markerfacecoloralt="white",
                **style,
            )
    cities = (
        placed.groupby(["city", "lat", "lon"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["lat", "city"])
        .reset_index(drop=True)
    )
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    centre = (x0 + x1) / 2
    width = x1 - x0
    sides = (
        cities["lon"] < centre
        if label_side is None
        else pd.Series(label_side == "left", cities.index)
    )
    # A city closer to its side's edge than EDGE_ROOM of the width has no room for a column
    # label between the edge and itself: its label goes beside it, inwards.
    near = (cities["lon"] - x0 < EDGE_ROOM * width) & sides
    near |= (x1 - cities["lon"] < EDGE_ROOM * width) & ~sides
    for (left, inward), side in cities.groupby([sides, near]):
        if inward:
            ys = list(side["lat"])
            xs = side["lon"] + (0.05 if left else -0.05) * width
        else:
            ys = spread_labels(list(side["lat"]), gap=label_gap * (y1 - y0))
            xs = [x0 + 0.02 * width if left else x1 - 0.02 * width] * len(side)
        for (_, c), x, y in zip(side.iterrows(), xs, ys, strict=True):
            ax.annotate(
                f"{c['city']} ({c['n']})",
                xy=(c["lon"], c["lat"]),
                xytext=(x, y),
                ha="left" if left else "right",
                va="center",
                fontsize=label_size,
                arrowprops={"arrowstyle": "-", "color": "#777777", "linewidth": 0.5},
                zorder=4,
            )
    return placed


def markers_table(drawn: pd.DataFrame) -> pd.DataFrame:
    """Where each marker of the maps is drawn (``drawn``: draw_clusters' rows with ``year``
    and ``panel``): the city's point, the marker's, and how far apart they are on the ground
    (km, equirectangular), sorted by year, panel, city and cluster."""
    km = 111.32  # km in a degree of latitude (and of longitude at the equator)
    dx = (drawn["x"] - drawn["lon"]) * np.cos(np.radians(drawn["lat"])) * km
    dy = (drawn["y"] - drawn["lat"]) * km
    out = pd.DataFrame(
        {
            "Year": drawn["year"],
            "Panel": drawn["panel"],
            "City": drawn["city"],
            "Cluster": drawn["cluster_id"],
            "Clusters at the city": drawn["n_at_point"].astype(int),
            "City lon": drawn["lon"].round(4),
            "City lat": drawn["lat"].round(4),
            "Marker lon": drawn["x"].round(4),
            "Marker lat": drawn["y"].round(4),
            "Marker to city (km)": np.hypot(dx, dy).round(1),
        }
    )
    return out.sort_values(["Year", "Panel", "City", "Cluster"]).reset_index(drop=True)


def legend_handles(
    colours: dict[int, str], labels: dict[int, str], sectors, unsectored: bool = False
) -> dict[str, list]:
    """Legend entries by title: the sectors drawn (and "no sector stated" when ``unsectored``:
    a cluster drawn without one), the statuses, the territory fills."""
    from matplotlib.lines import Line2D

    def entry(label, **kw):
        base = {
            "marker": "o",
            "markersize": 8,
            "markeredgecolor": "#222222",
            "markeredgewidth": 0.7,
            "linestyle": "none",
            "markerfacecolor": "#bbbbbb",
        }
        return Line2D([], [], label=label, **{**base, **kw})

    sector = [
        entry(f"{code} {labels.get(code, '')}".strip(), markerfacecolor=colours[code])
        for code in sorted(sectors)
    ]
    if unsectored:
        sector.append(entry("no sector stated", markerfacecolor=NO_SECTOR_COLOUR))
    return {
        "Sector (colour)": sector,
        "Status (marker)": [entry(STATUS_LABELS[s], marker=m) for s, m in STATUS_MARKERS.items()],
        "Territory (fill)": [
            entry("rooted (filled)"),
            entry(
                "constructed (hollow)",
                markerfacecolor="white",
                markeredgecolor="#777777",
                markeredgewidth=2.2,
            ),
            entry("not stated (half)", fillstyle="left", markerfacecoloralt="white"),
        ],
    }


def concentration_table(rows_by_year: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Region, City, then ``<year> n`` and ``<year> %`` for every year with rows: clusters per
    city and their share (percent of that year's placed clusters), sorted by region and city;
    a last row "(no known place)" counts the clusters no source places, when there are any."""
    years = [y for y, r in rows_by_year.items() if len(r)]
    keys = sorted(
        {(r.region, r.city) for y in years for r in rows_by_year[y].itertuples() if pd.notna(r.lat)}
    )
    out = pd.DataFrame(keys, columns=["Region", "City"])
    unplaced = {}
    for y in years:
        counts = concentration(rows_by_year[y]).set_index(["region", "city"])
        index = pd.MultiIndex.from_tuples(keys)
        out[f"{y} n"] = counts["clusters"].reindex(index).fillna(0).astype(int).to_numpy()
        out[f"{y} %"] = counts["share_pct"].reindex(index).fillna(0.0).to_numpy()
        unplaced[y] = int(rows_by_year[y]["lat"].isna().sum())
    if any(unplaced.values()):
        row = {"Region": "(no known place)", "City": ""}
        for y in years:
            row |= {f"{y} n": unplaced[y], f"{y} %": float("nan")}
        out = pd.concat([out, pd.DataFrame([row])], ignore_index=True)
    return out
