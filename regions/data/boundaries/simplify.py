"""Build regions.geojson and provinces.geojson, the outlines Veta's maps draw, from the published boundaries.

Usage (from the project root; the standard library is enough):

    python regions/data/boundaries/simplify.py departamentos.geojson regions/data/boundaries/regions.geojson
    python regions/data/boundaries/simplify.py provincias.geojson regions/data/boundaries/provinces.geojson

The sources are josedaniel-cb/limites-peru-geojson's files (MIT, see LICENSE). The script keeps
each feature's INEI code and name (`CCDD` and `NOMBDEP` for a region, `IDPROV` and `NOMBPROV`
for a province; the file's own columns tell which), drops the other properties, simplifies
the outlines with Douglas-Peucker at TOLERANCE degrees and rounds coordinates to DECIMALS
places. The simplification keeps neighbours' shared borders identical:
rings are cut into chains at the points where the set of regions sharing a vertex changes, and
each chain is simplified once and reused, reversed if need be, by both regions it separates.
Running it again on the same source writes the same file.
"""

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

TOLERANCE = 0.01  # degrees, about 1.1 km: a pixel or less when a whole region fills a small map
DECIMALS = 4  # about 11 m

Point = tuple[float, float]


def _distance_to_segment(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The points of a chain that Douglas-Peucker keeps; the two ends are always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            d = _distance_to_segment(points[index], points[first], points[last])
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _rings(geometry: dict) -> list[list[Point]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[tuple(point) for point in ring] for polygon in polygons for ring in polygon]


def simplify_collection(collection: dict, tolerance: float = TOLERANCE, decimals: int = DECIMALS) -> dict:
    """The collection with shared borders simplified once and coordinates rounded."""
    owners: dict[Point, set[str]] = defaultdict(set)
    for number, feature in enumerate(collection["features"]):
        for ring in _rings(feature["geometry"]):
            for point in ring:
                owners[point].add(str(number))
    chains: dict[tuple[Point, ...], list[Point]] = {}

    def simplified_chain(chain: list[Point]) -> list[Point]:
        key, reverse = tuple(chain), False
        if tuple(reversed(chain)) < key:
            key, reverse = tuple(reversed(chain)), True
        if key not in chains:
            chains[key] = douglas_peucker(list(key), tolerance)
        return list(reversed(chains[key])) if reverse else chains[key]

    def simplify_ring(ring: list[Point]) -> list[Point] | None:
        open_ring = ring[:-1] if ring[0] == ring[-1] else ring
        count = len(open_ring)
        nodes = [
            index
            for index, point in enumerate(open_ring)
            if len(owners[point]) > 2
            or owners[point] != owners[open_ring[index - 1]]
            or owners[point] != owners[open_ring[(index + 1) % count]]
        ]
        if not nodes:  # an island or a ring no other region touches: cut it at two far points
            far = max(range(count), key=lambda index: math.dist(open_ring[index], open_ring[0]))
            nodes = [0, far] if far else [0]
        points: list[Point] = []
        for position, start in enumerate(nodes):
            end = nodes[(position + 1) % len(nodes)]
            chain = [open_ring[index % count] for index in range(start, end + (count if end <= start else 0) + 1)]
            points += simplified_chain(chain)[:-1]
        rounded: list[Point] = []
        for x, y in points:
            point = (round(x, decimals), round(y, decimals))
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()
        if len(rounded) < 3:
            return None  # collapsed below a triangle at this scale: leave it out
        return [list(point) for point in [*rounded, rounded[0]]]

    features = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        kept = []
        for polygon in polygons:
            rings = [simplify_ring([tuple(point) for point in ring]) for ring in polygon]
            if rings[0] is None:
                continue
            kept.append([ring for ring in rings if ring is not None])
        properties = feature["properties"]
        code, name = ("IDPROV", "NOMBPROV") if "IDPROV" in properties else ("CCDD", "NOMBDEP")
        features.append(
            {
                "type": "Feature",
                "properties": {"code": properties[code], "name": properties[name]},
                "geometry": {"type": "Polygon", "coordinates": kept[0]}
                if len(kept) == 1
                else {"type": "MultiPolygon", "coordinates": kept},
            }
        )
    features.sort(key=lambda feature: feature["properties"]["code"])
    return {"type": "FeatureCollection", "features": features}


def main(source: str, target: str) -> None:
    collection = json.loads(Path(source).read_text(encoding="utf-8"))
    simplified = simplify_collection(collection)
    lines = ",\n".join(
        json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in simplified["features"]
    )
    Path(target).write_text('{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n", encoding="utf-8")
    points = sum(len(ring) for feature in simplified["features"] for ring in _rings(feature["geometry"]))
    print(f"{target}: {len(simplified['features'])} places, {points} points")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
