"""Write ne_50m_admin_0_maghreb.geojson from world-atlas's countries-50m.json (TopoJSON).

Run once by hand (see README.md); the build only reads the GeoJSON. Standard library only:

    python make_boundaries.py countries-50m.json ne_50m_admin_0_maghreb.geojson

The Maghreb countries and their neighbours are decoded from the TopoJSON (quantized,
delta-encoded arcs; a negative index ~i is arc i reversed), clipped to BOX, rounded to 4
decimals and written one feature per line, sorted by iso2.
"""

import hashlib
import json
import sys
from pathlib import Path

# sha256 of countries-50m.json in the npm package world-atlas@2.0.2: the input must be that file.
SHA256 = "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"

# world-atlas names countries by their ISO 3166-1 numeric code (its "id"): the codes of the
# Maghreb (MA, DZ, TN, MR, LY) and of the neighbours the maps draw in grey.
COUNTRIES = {
    "012": ("DZ", "DZA"),
    "818": ("EG", "EGY"),
    "732": ("EH", "ESH"),
    "724": ("ES", "ESP"),
    "250": ("FR", "FRA"),
    "380": ("IT", "ITA"),
    "434": ("LY", "LBY"),
    "504": ("MA", "MAR"),
    "466": ("ML", "MLI"),
    "478": ("MR", "MRT"),
    "562": ("NE", "NER"),
    "620": ("PT", "PRT"),
    "729": ("SD", "SDN"),
    "686": ("SN", "SEN"),
    "148": ("TD", "TCD"),
    "788": ("TN", "TUN"),
}

# (west, south, east, north) in degrees: the five Maghreb countries whole, with a margin of
# at least 2 degrees beyond every map frame; the neighbours are cut to it (overseas France,
# northern Europe and the south of the Sahel are never drawn, and would only weigh the file).
BOX = (-20.0, 10.0, 30.0, 44.0)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as (lon, lat) points: undo the delta encoding, then the quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """A closed ring from its arcs; each arc after the first starts where the previous ended,
    so its first point is dropped."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip(points: list, box: tuple) -> list:
    """Sutherland-Hodgman: the ring cut to the box, closed, or [] when nothing is left. A
    ring that leaves and re-enters the box gets edges along the box's sides, outside any map
    frame."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda p, q: cross_x(p, q, west)),
        (lambda p: p[0] <= east, lambda p, q: cross_x(p, q, east)),
        (lambda p: p[1] >= south, lambda p, q: cross_y(p, q, south)),
        (lambda p: p[1] <= north, lambda p, q: cross_y(p, q, north)),
    ]
    out = points[:-1]  # the open ring
    for keep, cut in edges:
        given, out = out, []
        for k, q in enumerate(given):
            p = given[k - 1]
            if keep(q):
                if not keep(p):
                    out.append(cut(p, q))
                out.append(q)
            elif keep(p):
                out.append(cut(p, q))
    return out + out[:1] if len(out) >= 3 else []


def cross_x(p, q, x):
    return (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))


def cross_y(p, q, y):
    return (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)


def polygons(geometry: dict, arcs: list) -> list[list[list[list[float]]]]:
    """The geometry's polygons (rings of [lon, lat]), clipped and rounded; a polygon whose
    outer ring lies outside BOX is left out."""
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        raise ValueError(f"unexpected geometry {geometry['type']} for {geometry.get('id')}")
    out = []
    for part in parts:
        rings = [clip(ring(r, arcs), BOX) for r in part]
        if rings[0]:  # the outer ring: without it the holes mean nothing
            out.append([[[round(x, 4), round(y, 4)] for x, y in r] for r in rings if r])
    return out


def main(source: str, target: str) -> None:
    data = Path(source).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        sys.exit(f"{source}: sha256 {digest}, expected {SHA256} (world-atlas@2.0.2)")
    topology = json.loads(data)
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") not in COUNTRIES:
            continue
        iso2, iso3 = COUNTRIES[geometry["id"]]
        parts = polygons(geometry, arcs)
        shape = (
            {"type": "Polygon", "coordinates": parts[0]}
            if len(parts) == 1
            else {"type": "MultiPolygon", "coordinates": parts}
        )
        properties = {"iso2": iso2, "iso3": iso3, "name": geometry["properties"]["name"]}
        features.append({"type": "Feature", "properties": properties, "geometry": shape})
    found = {f["properties"]["iso2"] for f in features}
    missing = {iso2 for iso2, _ in COUNTRIES.values()} - found
    if missing:
        sys.exit(f"{source}: no geometry for {sorted(missing)}")
    features.sort(key=lambda f: f["properties"]["iso2"])
    # One feature per line: a later change shows country by country in a diff.
    lines = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    Path(target).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
