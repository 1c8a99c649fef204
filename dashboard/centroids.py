"""Where a country's circle goes on the maps: a point inside its largest outline, computed
from the TopoJSON world the dashboard ships (no other data, nothing fetched). The largest
piece, not the whole: the United States' centre of all its pieces is pulled towards Alaska,
France's towards French Guiana, Norway's towards Svalbard."""

from __future__ import annotations

Ring = list[tuple[float, float]]  # (lon, lat), closed or not


def _arcs(topo: dict) -> list[Ring]:
    """The topology's arcs in degrees (TopoJSON stores them quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    """One ring from its arc indexes (~i is arc i reversed); arcs share their end points.
    Longitudes are made continuous: Fiji's largest island crosses the antimeridian, and its
    centre, averaged over 179 and -179, fell in Africa."""
    points: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    for k in range(1, len(points)):
        (x0, _), (x1, y1) = points[k - 1], points[k]
        if abs(x1 - x0) > 180:
            points[k] = (x1 - 360 if x1 > x0 else x1 + 360, y1)
    return points


def _area_centroid(ring: Ring) -> tuple[float, float, float]:
    """(area, lon, lat) of a polygon ring on the lon/lat plane (the shoelace formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _crossings(ring: Ring, lat: float) -> list[float]:
    """Longitudes where the ring crosses the parallel `lat`, west to east."""
    xs = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat):
            xs.append(x0 + (lat - y0) * (x1 - x0) / (y1 - y0))
    return sorted(xs)


def inside_point(ring: Ring) -> tuple[float, float]:
    """(lon, lat) of the ring's centroid when it lies inside the ring, else the middle of the
    widest stretch of land on the centroid's parallel: a crescent's centroid (Croatia's,
    Vietnam's) lies outside it, in a neighbour's territory."""
    _, lon, lat = _area_centroid(ring)
    xs = _crossings(ring, lat)
    spans = list(zip(xs[::2], xs[1::2], strict=False))
    if not spans or any(a <= lon <= b for a, b in spans):
        return lon, lat
    a, b = max(spans, key=lambda s: s[1] - s[0])
    return (a + b) / 2, lat


def country_centres(topo: dict, objects: str = "countries") -> dict[str, tuple[float, float]]:
    """(lat, lon) inside each geometry's largest polygon, keyed by the geometry's id."""
    arcs = _arcs(topo)
    out: dict[str, tuple[float, float]] = {}
    for geom in topo["objects"][objects]["geometries"]:
        if geom.get("type") == "Polygon":
            polygons = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        outers = [_ring(p[0], arcs) for p in polygons]  # the first ring is the outline
        largest = max(outers, key=lambda r: _area_centroid(r)[0])
        lon, lat = inside_point(largest)
        out[str(geom.get("id"))] = (lat, (lon + 180) % 360 - 180)
    return out
