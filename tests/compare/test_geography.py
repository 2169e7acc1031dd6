"""The geography notebook runs for every country and its facts match counts made here from
snapshots.csv and the raw 2023 text; the geography functions on small hand-made frames."""

import importlib.util
import json
import re

import numpy as np
import pandas as pd
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.compare import geography as geo
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise import places
from tests.notebook_run import run_notebook

BOUNDARIES = PROJECT_ROOT / "data" / "reference" / "boundaries" / "ne_50m_admin_0_maghreb.geojson"
MAKE_BOUNDARIES = BOUNDARIES.parent / "make_boundaries.py"
CLAIM = PROJECT_ROOT / "data" / "raw" / "errajaoui-nokairi-2023.txt"
COUNTRIES = ["MA", "DZ", "TN"]
COLUMNS = [
    "cluster_id",
    "reference_year",
    "country",
    "status",
    "sector_code",
    "city",
    "region",
    "lat",
    "lon",
    "territory",
    "confidence",
]
# Inland places (GeoNames coordinates), well inside their country's 1:50m polygon.
MARRAKESH = ("Marrakesh", "Marrakech-Safi", 31.6342, -7.9999)
MEKNES = ("Meknes", "Fès-Meknès", 33.8935, -5.5473)
SETTAT = ("Settat", "Casablanca-Settat", 33.0010, -7.6166)
# At 1:50m the coast is generalised by a few kilometres and GeoNames puts some harbour cities on
# the waterline: such a point may lie this far (degrees, about 5 km) outside its country.
COAST_TOLERANCE = 0.05
# The harbour cities of the processed data whose GeoNames point lies just outside the polygon.
ON_THE_WATERLINE = {"Bizerte", "Monastir", "Nabeul", "Sfax"}


def frame(rows):
    return pd.DataFrame(rows, columns=COLUMNS)


def row(cid, year, status, place=None, sector=None, territory=None, confidence=None):
    city, region, lat, lon = place or (None, None, np.nan, np.nan)
    return (cid, year, "MA", status, sector, city, region, lat, lon, territory, confidence)


@pytest.fixture(scope="module")
def shapes():
    return geo.load_boundaries(BOUNDARIES)


@pytest.fixture
def snap():
    return frame(
        [
            row("ma-a", 2014, None, confidence="stated"),
            row("ma-a", 2019, "constituted", MARRAKESH, 1.0, "rooted"),
            row("ma-a", 2023, "constituted", sector=1.0),
            row("ma-b", 2019, "expected", MARRAKESH, 2.0, "constructed"),
            row("ma-c", 2019, "emergent", MEKNES, None, None),
            row("ma-d", 2019, "merged", SETTAT, 5.0, None),
            row("ma-e", 2023, "emergent"),
        ]
    )


def test_places_sector_and_territory_are_carried_status_is_not(snap):
    rows = geo.year_rows(snap, "MA", 2014).set_index("cluster_id")
    assert rows.loc["ma-a", ["city", "lat", "sector_code", "territory"]].tolist() == [
        "Marrakesh",
        31.6342,
        1.0,
        "rooted",
    ]
    assert rows.loc["ma-a", "place_from"] == 2019
    assert rows.loc["ma-a", "status"] == ""  # not stated in 2014, not taken from 2019
    later = geo.year_rows(snap, "MA", 2023).set_index("cluster_id")
    assert later.loc["ma-a", "place_from"] == 2019 and later.loc["ma-a", "status"] == "constituted"
    assert pd.isna(later.loc["ma-e", "lat"]) and pd.isna(later.loc["ma-e", "place_from"])


def test_merged_clusters_are_left_out(snap):
    rows = geo.year_rows(snap, "MA", 2019)
    assert rows["cluster_id"].tolist() == ["ma-a", "ma-b", "ma-c"]
    assert (rows["place_from"] == 2019).all()


def test_a_year_without_data_is_a_sentence(snap):
    rows = geo.year_rows(snap, "DZ", 2023)
    assert rows.empty
    assert geo.missing_sentence("DZ", 2023, 0, 0) == "No source covers Algeria in 2023."
    assert geo.missing_sentence("MA", 2023, 2, 1) == (
        "1 of Morocco's 2 clusters of 2023 has no city in the data and is not drawn."
    )
    assert geo.missing_sentence("MA", 2023, 5, 2) == (
        "3 of Morocco's 5 clusters of 2023 have no city in the data and are not drawn."
    )
    assert geo.missing_sentence("TN", 2014, 3, 0) == (
        "None of Tunisia's 3 clusters of 2014 has a city in the data."
    )
    assert geo.missing_sentence("MA", 2019, 3, 3) is None
    assert geo.concentration_table({2014: rows, 2019: rows}).empty


def test_concentration_counts_and_shares(snap):
    rows = {y: geo.year_rows(snap, "MA", y) for y in geo.YEARS}
    conc = geo.concentration(rows[2019])
    assert conc[["city", "clusters", "share_pct"]].values.tolist() == [
        ["Marrakesh", 2, 66.7],
        ["Meknes", 1, 33.3],
    ]
    table = geo.concentration_table(rows)
    assert table["Region"].tolist() == ["Fès-Meknès", "Marrakech-Safi", "(no known place)"]
    assert table["2023 n"].tolist() == [0, 1, 1]
    assert table["2014 %"].tolist()[:2] == [0.0, 100.0]
    assert geo.group_share(rows[2019], ("Marrakech-Safi",)) == (2, 3, 66.7)
    assert geo.group_share(rows[2019].iloc[:0], ("Marrakech-Safi",)) == (0, 0, None)


def test_clusters_at_one_city_are_spread_deterministically_and_stay_in_the_country(snap, shapes):
    rows = geo.year_rows(snap, "MA", 2019)
    point = 0.03  # degrees of latitude in a typographic point
    out = geo.jitter(rows, point)
    at = out[out["city"] == "Marrakesh"].set_index("cluster_id")
    assert at["n_at_point"].tolist() == [2, 2]
    radius = geo.spread_radius(2) * point
    assert 2 * geo.spread_radius(2) == pytest.approx(geo.SPACING * geo.MARKER_SIZE)
    # The first (by cluster_id) straight above the city, the second straight below.
    assert at.loc["ma-a", ["x", "y"]].tolist() == pytest.approx([-7.9999, 31.6342 + radius])
    assert at.loc["ma-b", ["x", "y"]].tolist() == pytest.approx([-7.9999, 31.6342 - radius])
    assert out.loc[out["cluster_id"] == "ma-c", ["x", "y"]].values.tolist() == [[-5.5473, 33.8935]]
    pd.testing.assert_frame_equal(out, geo.jitter(rows.iloc[::-1], point))
    for r in out.itertuples():
        assert geo.inside(shapes["MA"], r.lon, r.lat) and geo.inside(shapes["MA"], r.x, r.y)


def test_neighbours_on_a_citys_circle_are_spacing_marker_widths_apart():
    for n in (2, 3, 5, 10):
        chord = 2 * geo.spread_radius(n) * np.sin(np.pi / n)
        assert chord == pytest.approx(geo.SPACING * geo.MARKER_SIZE)


def test_degrees_per_point_follow_the_drawn_map():
    """On a tall figure the map's aspect shrinks its height; a wide, short inset (its height
    a share of the map's) measured before its map is drawn still gets the scale it is drawn
    at."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 8))
    for a in (ax, inset := ax.inset_axes((0.1, 0.1, 0.8, 0.2))):
        a.set_xlim(0, 9)
        a.set_ylim(30, 39)
        a.set_aspect(1.25)
    measured = {"inset": geo.degrees_per_point(inset), "map": geo.degrees_per_point(ax)}
    fig.canvas.draw()
    for name, a in (("inset", inset), ("map", ax)):
        height_pt = a.get_window_extent().height / fig.dpi * 72
        assert measured[name] == pytest.approx(9 / height_pt, rel=1e-6), name
    plt.close(fig)


def test_a_harbour_citys_circle_leans_inland_by_at_most_its_radius(shapes):
    """Six clusters at Casablanca: on their plain circle two are at sea; with the land given
    the circle moves towards land, all six then in Morocco, by half its radius or its
    radius, and keeps its shape."""
    casablanca = ("Casablanca", "Casablanca-Settat", 33.5883, -7.6114)
    rows = frame([row(f"ma-{k}", 2019, "constituted", casablanca) for k in "abcdef"])
    point = 0.02  # about the Casablanca-Rabat inset in the report

    def on_land(drawn):
        return sum(geo.inside(shapes["MA"], r.x, r.y) for r in drawn.itertuples())

    plain = geo.jitter(rows, point)
    moved = geo.jitter(rows, point, shapes["MA"])
    assert (on_land(plain), on_land(moved)) == (4, 6)
    shift = (moved[["x", "y"]] - plain[["x", "y"]]).round(9).drop_duplicates()
    assert len(shift) == 1  # the whole circle moved, its shape kept
    dx, dy = shift.iloc[0]
    radius = geo.spread_radius(6) * point
    length = np.hypot(dx * np.cos(np.radians(casablanca[2])), dy) / radius
    assert min(abs(length - 0.5), abs(length - 1.0)) < 1e-6  # shift rounded to 1e-9°
    pd.testing.assert_frame_equal(moved, geo.jitter(rows.iloc[::-1], point, shapes["MA"]))
    # A circle that no such shift brings nearer land (far at sea) stays where it is.
    at_sea = rows.assign(lat=35.0, lon=-12.0)
    pd.testing.assert_frame_equal(
        geo.jitter(at_sea, point, shapes["MA"]), geo.jitter(at_sea, point)
    )


def test_labels_are_spread_apart_in_order():
    ys = geo.spread_labels([33.6, 33.7, 31.6, 34.0], gap=0.5)
    order = sorted(range(4), key=lambda i: ys[i])
    assert order == [2, 0, 1, 3]
    assert min(np.diff(sorted(ys))) == pytest.approx(0.5)
    assert sum(ys) == pytest.approx(33.6 + 33.7 + 31.6 + 34.0)
    assert geo.spread_labels([], 1) == []


def test_frames_and_boundaries(shapes):
    assert {"MA", "DZ", "TN", "EH"} <= set(shapes)
    x0, x1, y0, y1 = geo.frame(shapes, "MA")
    assert y0 > 27 and x0 < -13  # Morocco north of Western Sahara, as the maps draw it
    tx0, tx1, ty0, ty1 = geo.frame(shapes, "TN")
    scale = np.cos(np.radians((ty0 + ty1) / 2))
    assert (tx1 - tx0) * scale >= geo.MIN_WIDTH * (ty1 - ty0) - 1e-9
    assert not geo.inside(shapes["TN"], -7.6, 33.6)


def edge_distance(rings: list[np.ndarray], lon: float, lat: float) -> float:
    """Degrees from (lon, lat) to the nearest edge (segment, not vertex) of the rings."""
    point = np.array([lon, lat])
    best = np.inf
    for ring in rings:
        start, step = ring[:-1], np.diff(ring, axis=0)
        t = np.clip(((point - start) * step).sum(axis=1) / (step**2).sum(axis=1), 0, 1)
        best = min(best, np.hypot(*(start + step * t[:, None] - point).T).min())
    return float(best)


def test_the_boundaries_file_is_what_its_script_writes(shapes):
    """The 16 countries of make_boundaries.py, sorted by iso2, inside its clipping box."""
    spec = importlib.util.spec_from_file_location("make_boundaries", MAKE_BOUNDARIES)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    properties = [f["properties"] for f in features]
    assert [(p["iso2"], p["iso3"]) for p in properties] == sorted(script.COUNTRIES.values())
    assert {p["iso2"]: p["name"] for p in properties}["EH"] == "W. Sahara"
    west, south, east, north = script.BOX
    points = np.vstack([ring for rings in shapes.values() for ring in rings])
    assert (points[:, 0] >= west).all() and (points[:, 0] <= east).all()
    assert (points[:, 1] >= south).all() and (points[:, 1] <= north).all()


def test_coastal_cities_lie_inside_their_country(shapes):
    """1:110m put Tangier at sea; at 1:50m the big coastal cities lie inside their country
    (GeoNames points through places.csv), and the few that GeoNames puts on the waterline
    (Sfax, Nabeul, Bizerte) lie within COAST_TOLERANCE of the coast."""
    named = places.gazetteer(places.load_places())
    named = named[named["geonames_id"] != ""].drop_duplicates("name_en").set_index("name_en")
    for city in ("Tangier", "Casablanca", "Rabat", "Algiers", "Oran", "Tunis", "Sousse"):
        r = named.loc[city]
        assert geo.inside(shapes[r.country], r.lon, r.lat), city
    for city in ("Sfax", "Nabeul", "Bizerte"):
        r = named.loc[city]
        assert edge_distance(shapes[r.country], r.lon, r.lat) < COAST_TOLERANCE, city


def test_every_processed_place_is_in_or_at_the_coast_of_its_country(processed, shapes):
    """Every place the maps draw lies inside its country's polygon, but for the harbour cities
    of ON_THE_WATERLINE, within COAST_TOLERANCE of its edge."""
    snap = pd.read_csv(processed / "snapshots.csv").dropna(subset=["lat"])
    outside = set()
    for r in snap[snap["country"].isin(COUNTRIES)].itertuples():
        if not geo.inside(shapes[r.country], r.lon, r.lat):
            assert edge_distance(shapes[r.country], r.lon, r.lat) < COAST_TOLERANCE, r.city
            outside.add(r.city)
    assert outside <= ON_THE_WATERLINE


def test_the_2023_claim_is_read_from_its_line(tmp_path):
    line, quote, shares = geo.find_claim(CLAIM)
    text = CLAIM.read_text(encoding="utf-8").split("\n")
    assert quote.startswith("It turns out that 60% of the clusters")
    parts = quote.split(" [...] ")
    assert len(parts) == 2 and all(p in text[line - 1] for p in parts)
    assert parts[1] == "The clusters are more concentrated along the Casablanca Settat axis, " + (
        "given the notable dynamism of this region."
    )
    assert list(shares.values()) == [60, 30, 10]
    (tmp_path / "x.txt").write_text("No claim here.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="concentration claim"):
        geo.find_claim(tmp_path / "x.txt")


def placed_by_year(snap, country):
    """Independently: each cluster-year of the country (merged left out) with the 2019 place
    of the cluster when its own row has none (only 2019 rows have places)."""
    # a city is shown by its English display name (places.csv), found by its GeoNames id
    table = read_csv(PROJECT_ROOT / "data" / "reference" / "places.csv")
    english = dict(zip(table["geonames_id"], table["name_en"], strict=True))
    snap = snap.copy()
    ids = snap["geonames_id"].dropna().astype(int).astype(str)
    snap.loc[ids.index, "city"] = ids.map(english)
    rows = snap[(snap["country"] == country) & (snap["status"] != "merged")].copy()
    places = snap[snap["lat"].notna()].drop_duplicates("cluster_id").set_index("cluster_id")
    for col in ("city", "region", "lat"):
        rows[col] = rows[col].fillna(rows["cluster_id"].map(places[col]))
    rows.loc[rows["lat"].isna(), "region"] = None  # a region without a city is not drawn
    return rows


@pytest.mark.parametrize("country", COUNTRIES)
def test_notebook_executes_and_its_facts_match_snapshots(country, processed, tmp_path):
    facts = run_notebook(
        "geography",
        country,
        tmp_path,
        snapshots=processed / "snapshots.csv",
        boundaries=BOUNDARIES,
        claim_source=CLAIM,
        places=PROJECT_ROOT / "data" / "reference" / "places.csv",
    )
    cc = country.lower()
    snap = pd.read_csv(processed / "snapshots.csv")
    rows = placed_by_year(snap, country)
    for year in geo.YEARS:
        of_year = rows[rows["reference_year"] == year]
        assert facts[f"n_clusters_{year}"] == len(of_year)
        assert facts[f"n_placed_{year}"] == of_year["city"].notna().sum()
        for city, n in of_year["city"].value_counts().items():
            assert facts[f"n_{year}_city_{geo.slug(city)}"] == n
        for region, n in of_year["region"].value_counts().items():
            assert facts[f"n_{year}_region_{geo.slug(region)}"] == n
            share = round(100 * n / of_year["region"].notna().sum(), 1)
            assert facts[f"share_{year}_region_{geo.slug(region)}_pct"] == share
        if of_year["city"].notna().any():
            counts = of_year["city"].value_counts()
            top = ", ".join(sorted(counts[counts == counts.max()].index))
            assert facts[f"top_city_{year}"] == top
            table = read_csv(PROJECT_ROOT / "data" / "reference" / "places.csv")
            french = dict(zip(table["name_en"], table["name_fr"], strict=True))
            top_fr = sorted(french[c] for c in counts[counts == counts.max()].index)
            assert facts[f"top_city_{year}_fr"] == ", ".join(top_fr)
        if of_year.empty:
            name = geo.country_name(country)
            assert facts[f"note_{year}"] == f"No source covers {name} in {year}."
    if country == "MA":
        lines = CLAIM.read_text(encoding="utf-8").split("\n")
        number = next(i for i, t in enumerate(lines, 1) if "60% of the clusters" in t)
        assert facts["claim_2023_line"] == number == 266
        assert facts["claim_2023_axis_share_pct"] == 60
        assert facts["claim_2023_south_share_pct"] == 30
        assert all(p in lines[number - 1] for p in facts["claim_2023_quote"].split(" [...] "))
        for year in geo.YEARS:
            of_year = rows[(rows["reference_year"] == year) & rows["region"].notna()]
            axis = of_year["region"].str.match(r"^(Casablanca-Settat|Rabat-Salé-Kénitra)$")
            assert facts[f"axis_{year}_n"] == axis.sum()
            assert facts[f"axis_{year}_share_pct"] == round(100 * axis.mean(), 1)
    else:
        assert not any(re.match(r"(axis|claim)_", k) for k in facts)
    table = pd.read_csv(tmp_path / "tables" / f"tbl-concentration-{cc}.csv")
    covered = [y for y in geo.YEARS if facts[f"n_clusters_{y}"]]
    placed = table[table["Region"] != "(no known place)"]
    for year in covered:
        assert placed[f"{year} n"].sum() == facts[f"n_placed_{year}"]
    name = f"figures/fig-map-{cc}.svg"
    assert (tmp_path / name).stat().st_size > 0, name
    assert (tmp_path / "tables" / f"tbl-concentration-{cc}.md").read_text().startswith("| Region")
    every_marker_is_by_its_city_and_in_its_panel(tmp_path, country, rows)


def every_marker_is_by_its_city_and_in_its_panel(results, country, rows):
    """The markers the notebook drew (tbl-map-markers): one per placed cluster and year, in
    its panel's frame. A marker alone at its city is at the city. A city's spread markers
    are on a circle that still holds the city, and the circle has at least as many of them
    in the country as the same circle centred on the city would."""
    shapes = geo.load_boundaries(BOUNDARIES)
    drawn = pd.read_csv(results / "tables" / f"tbl-map-markers-{country.lower()}.csv").rename(
        columns={
            "Clusters at the city": "n",
            "City lon": "lon",
            "City lat": "lat",
            "Marker lon": "x",
            "Marker lat": "y",
            "Marker to city (km)": "km",
        }
    )
    placed = rows[rows["city"].notna()]
    assert sorted(zip(drawn["Year"], drawn["Cluster"], strict=True)) == sorted(
        zip(placed["reference_year"], placed["cluster_id"], strict=True)
    )
    x0, x1, y0, y1 = geo.frame(shapes, country)
    boxes = {"map": (x0, x1, y0, y1)}
    if country in geo.ZOOMS:
        title, box, *_ = geo.ZOOMS[country]
        boxes[f"{title} (box)"] = box
    land = shapes[country]
    for (year, panel, city), group in drawn.groupby(["Year", "Panel", "City"]):
        where = f"{year} {panel} {city}"
        bx0, bx1, by0, by1 = boxes[panel]
        assert group["x"].between(bx0, bx1).all() and group["y"].between(by0, by1).all(), where
        lon, lat, n = group[["lon", "lat", "n"]].iloc[0]
        assert (group["n"] == n).all() and len(group) == n, where
        if n == 1:
            assert group[["x", "y", "km"]].iloc[0].tolist() == [lon, lat, 0], where
            continue
        stretch = 1 / np.cos(np.radians((by0 + by1) / 2))  # the panel's aspect: a circle
        cx, cy = group["x"].mean(), group["y"].mean()
        radius = np.hypot((group["x"] - cx) / stretch, group["y"] - cy)
        assert radius.max() - radius.min() < 2e-4, where  # a circle (4-decimal table)
        assert np.hypot((lon - cx) / stretch, lat - cy) <= radius.mean() + 2e-4, where
        on_land = sum(geo.inside(land, x, y) for x, y in zip(group["x"], group["y"], strict=True))
        centred = zip(group["x"] - cx + lon, group["y"] - cy + lat, strict=True)
        assert on_land >= sum(geo.inside(land, x, y) for x, y in centred), where
