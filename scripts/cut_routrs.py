#!/usr/bin/env python3
"""Cut a bounding box out of the routrs_highways_dataset graph.

Input: data/highways.json.gz of the Rust registry package `routrs_highways_dataset` 0.1.0 (MIT;
geometry probably from OpenStreetMap: "(c) OpenStreetMap contributors"), fetched by
scripts/fetch_routrs.sh. Its JSON is {"nodes": [{"id", "coordinates": [lat, lon], "waypoints": [ids]}]}.

Output: <prefix>_nodes.csv (id,lat,lon) and <prefix>_edges.csv (u,v,length_m) with every node
inside the box and every edge whose two ends are inside it, each undirected edge once (u < v),
length = haversine on the 6,371,008.8 m sphere, rounded to 0.1 m.

Usage: scripts/cut_routrs.py HIGHWAYS_JSON_GZ --bbox 119.9,30.7,121.4,32.1 --out data/suzhou/roads
"""
import argparse
import gzip
import json
import math

R = 6371008.8


def haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(min(1.0, math.sqrt(a)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--bbox", required=True, help="min_lon,min_lat,max_lon,max_lat")
    ap.add_argument("--out", required=True, help="output prefix")
    a = ap.parse_args()
    x0, y0, x1, y1 = (float(v) for v in a.bbox.split(","))
    with gzip.open(a.input, "rt", encoding="utf-8") as f:
        graph = json.load(f)
    nodes = {}
    adj = {}
    for n in graph["nodes"]:
        lat, lon = n["coordinates"]
        if x0 <= lon <= x1 and y0 <= lat <= y1:
            nodes[n["id"]] = (lat, lon)
            adj[n["id"]] = n.get("waypoints", [])
    edges = set()
    for u, ws in adj.items():
        for v in ws:
            if v in nodes and u != v:
                edges.add((min(u, v), max(u, v)))
    used = sorted({u for e in edges for u in e})
    with open(a.out + "_nodes.csv", "w", encoding="utf-8", newline="\n") as f:
        f.write("id,lat,lon\n")
        for i in used:
            lat, lon = nodes[i]
            f.write(f"{i},{lat},{lon}\n")
    with open(a.out + "_edges.csv", "w", encoding="utf-8", newline="\n") as f:
        f.write("u,v,length_m\n")
        for u, v in sorted(edges):
            (la, lo), (lb, lob) = nodes[u], nodes[v]
            f.write(f"{u},{v},{haversine(la, lo, lb, lob):.1f}\n")
    print(f"{len(used)} nodes, {len(edges)} edges")


if __name__ == "__main__":
    main()
