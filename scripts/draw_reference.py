#!/usr/bin/env python3
"""Independent re-implementation of the zouhang random-inspection draw (双随机, zouhang-draw/1).

Written from docs/DRAW.md, not from the Rust code, with the Python standard library only
(hashlib, csv, json, fractions). tests/draw_reference.rs runs it on the worked example and on
seeded random registers and compares its output byte for byte with the Rust implementation.

It reads the registers in the export layout the tool writes (zouhang's `enterprises_csv` and
`inspectors_csv`, UTF-8 with or without BOM):

    enterprises: 编号,名称,监管类别,区县,经度,纬度   (or id,name,class,district,lon,lat)
    inspectors:  编号,姓名,单位,区县,回避             (or id,name,unit,district,recusal)

Usage:
    draw_reference.py --enterprises E.csv --inspectors I.csv --seed TEXT [--rules R.json]
    draw_reference.py --batch CASES.json     # [{"enterprises","inspectors","seed","rules"}]

Prints the draw's core as compact JSON, one line per case (keys in the order of the Rust output):
    {"algorithm_version","seed","registers":{"enterprises_sha256","inspectors_sha256"},
     "selected","teams":[{"id","inspectors","enterprises"}],
     "strata":[{"class","district","label","population","quota","selected"}]}
or {"errors": [codes]} when the draw cannot be made.
"""

import argparse
import csv
import hashlib
import io
import json
import math
import sys
from decimal import Decimal
from fractions import Fraction

ALGORITHM_VERSION = "zouhang-draw/1"
CLASSES = ["重点", "特殊", "一般"]
MONTHS = {
    "month": 1, "月": 1, "每月": 1,
    "quarter": 3, "季度": 3, "每季度": 3,
    "half_year": 6, "半年": 6, "每半年": 6,
    "year": 12, "年": 12, "每年": 12,
}
MAX_RATIO_TERM = 10**12
SEED_TRIM = "\t\n\r \u3000\ufeff"
HILBERT_SIDE = 1 << 30
U64 = 1 << 64

# ---------------------------------------------------------------- registers

ENTERPRISE_HEADERS = {
    "编号": "id", "id": "id", "名称": "name", "name": "name", "监管类别": "class",
    "class": "class", "supervision": "class", "区县": "district", "district": "district",
    "经度": "lon", "lon": "lon", "纬度": "lat", "lat": "lat",
}
INSPECTOR_HEADERS = {
    "编号": "id", "id": "id", "姓名": "name", "name": "name", "单位": "unit", "unit": "unit",
    "区县": "district", "district": "district", "回避": "recusal", "recusal": "recusal",
}


def read_rows(path, headers):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = [headers.get(h.strip(), h.strip()) for h in rows[0]]
    out = []
    for r in rows[1:]:
        if all(not c.strip() for c in r):
            continue
        out.append({k: (r[i].strip() if i < len(r) else "") for i, k in enumerate(head)})
    return out


def to_e6(v):
    """The double product v × 10⁶ rounded half away from zero, exactly."""
    p = Fraction(v * 1e6)
    n = math.floor(abs(p) + Fraction(1, 2))
    return -n if p < 0 else n


def format_e6(v):
    sign = "-" if v < 0 else ""
    a = abs(v)
    return f"{sign}{a // 1_000_000}.{a % 1_000_000:06d}"


def escape(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def split_recusal(cell):
    for sep in ";；,，、|\n\r":
        cell = cell.replace(sep, ";")
    return sorted({p.strip() for p in cell.split(";") if p.strip()})


def canonical(header, pairs):
    return header + "".join(line + "\n" for _, line in sorted(pairs))


def enterprises_canonical(ents):
    pairs = [
        (e["id"], "\t".join([escape(e["id"]), escape(e["name"]), e["class"],
                             escape(e["district"]), format_e6(e["lon_e6"]),
                             format_e6(e["lat_e6"])]))
        for e in ents
    ]
    return canonical("#zouhang-draw/1 enterprises\n", pairs)


def inspectors_canonical(insp):
    pairs = [
        (i["id"], "\t".join([escape(i["id"]), escape(i["name"]), escape(i["unit"]),
                             escape(i["district"]), escape(";".join(sorted(set(i["recusal"]))))]))
        for i in insp
    ]
    return canonical("#zouhang-draw/1 inspectors\n", pairs)


def load_enterprises(path):
    ents = []
    for r in read_rows(path, ENTERPRISE_HEADERS):
        ents.append({
            "id": r["id"], "name": r.get("name", ""), "class": r.get("class") or "一般",
            "district": r.get("district", ""), "lon_e6": to_e6(float(r["lon"])),
            "lat_e6": to_e6(float(r["lat"])),
        })
    return ents


def load_inspectors(path):
    return [
        {"id": r["id"], "name": r.get("name", ""), "unit": r.get("unit", ""),
         "district": r.get("district", ""), "recusal": split_recusal(r.get("recusal", ""))}
        for r in read_rows(path, INSPECTOR_HEADERS)
    ]


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

# ---------------------------------------------------------------- rules


def fullwidth_to_ascii(s):
    return "".join(
        chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else (" " if c == "\u3000" else c)
        for c in s
    )


def parse_decimal(s):
    int_part, _, frac = s.partition(".")
    if not int_part and not frac:
        return None
    if any(c not in "0123456789" for c in int_part + frac):
        return None
    frac = frac.rstrip("0")
    if len(int_part) + len(frac) > 13:
        return None
    digits = (int_part + frac).lstrip("0")
    return (int(digits) if digits else 0, len(frac))


def make_ratio(num, den):
    if den == 0 or num > den or den > MAX_RATIO_TERM:
        raise ValueError("bad ratio")
    g = math.gcd(num, den) or 1
    return (num // g, den // g)


def parse_uint(s):
    s = s.strip()
    if s.startswith("+"):
        s = s[1:]
    if not s or any(c not in "0123456789" for c in s):
        raise ValueError("bad integer")
    return int(s)


def parse_ratio(value):
    if isinstance(value, bool):
        raise ValueError("bad ratio")
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
    else:
        text = value
    t = fullwidth_to_ascii(text).strip()
    if t.endswith("%"):
        d = parse_decimal(t[:-1].strip())
        if d is None:
            raise ValueError("bad ratio")
        return make_ratio(d[0], 100 * 10 ** d[1])
    for sep in (":", "/"):
        if sep in t:
            a, _, b = t.partition(sep)
            return make_ratio(parse_uint(a), parse_uint(b))
    d = parse_decimal(t)
    if d is None:
        raise ValueError("bad ratio")
    return make_ratio(d[0], 10 ** d[1])


def effective_fraction(rules, cls):
    rule = rules["classes"][cls]
    num, den = parse_ratio(rule["proportion"])
    num *= MONTHS[rules["period"]]
    den *= MONTHS[rule["per"]]
    return (1, 1) if num >= den else (num, den)


def ceil_share(n, frac):
    num, den = frac
    return min(n, -(-n * num // max(den, 1)))

# ---------------------------------------------------------------- stream


class Stream:
    def __init__(self, seed, ent_hash, insp_hash, label):
        s, lab = seed.encode("utf-8"), label.encode("utf-8")
        self.prefix = (ALGORITHM_VERSION.encode() + b"\x00" + len(s).to_bytes(4, "big") + s
                       + bytes.fromhex(ent_hash) + bytes.fromhex(insp_hash)
                       + len(lab).to_bytes(4, "big") + lab)
        self.counter = 0

    def word(self):
        block = hashlib.sha256(self.prefix + self.counter.to_bytes(8, "big")).digest()
        self.counter += 1
        return int.from_bytes(block[:8], "big")

    def below(self, n):
        if n == 0:
            return 0
        rem = U64 % n
        while True:
            x = self.word()
            if x < U64 - rem:
                return x % n

# ---------------------------------------------------------------- strata


def plan_strata(ents, rules):
    strata = {}
    for k in sorted(range(len(ents)), key=lambda k: (ents[k]["id"], k)):
        e = ents[k]
        district = e["district"] if rules["stratify_by_district"] else None
        strata.setdefault((CLASSES.index(e["class"]), district), []).append(k)
    out = []
    for (ci, district), members in sorted(strata.items(), key=lambda kv: kv[0]):
        cls = CLASSES[ci]
        label = f"enterprises|{cls}|{district}" if district is not None else f"enterprises|{cls}"
        out.append({"class": cls, "district": district, "label": label,
                    "members": members, "quota": 0})
    for cls in CLASSES:
        frac = effective_fraction(rules, cls)
        group = [s for s in out if s["class"] == cls]
        if not (rules["stratify_by_district"] and rules["allocation"] == "largest_remainder"):
            for s in group:
                s["quota"] = ceil_share(len(s["members"]), frac)
            continue
        total = sum(len(s["members"]) for s in group)
        if total == 0:
            continue
        q = ceil_share(total, frac)
        given, rems = 0, []
        for s in group:
            exact = len(s["members"]) * q
            s["quota"] = exact // total
            given += exact // total
            rems.append((exact % total, len(s["members"]), s))
        rems.sort(key=lambda r: (-r[0], -r[1]))  # stable: label order among ties
        for _, _, s in rems[: q - given]:
            s["quota"] += 1
    return out


def draw_stratum(stratum, stream):
    a = list(stratum["members"])
    n = len(a)
    k = min(stratum["quota"], n)
    for i in range(k):
        j = i + stream.below(n - i)
        a[i], a[j] = a[j], a[i]
    return a[:k]

# ---------------------------------------------------------------- teams


def xy2d(n, x, y):
    d, s = 0, n // 2
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = n - 1 - x, n - 1 - y
            x, y = y, x
        s //= 2
    return d


def hilbert_index(lon_e6, lat_e6):
    def clamp(v):
        return min(max(v, 0), HILBERT_SIDE - 1)
    return xy2d(HILBERT_SIDE, clamp(lon_e6 + 180_000_000), clamp(lat_e6 + 90_000_000))


def group_enterprises(drawn, ents, teams):
    """Recursive coordinate bisection into groups of fixed sizes, each listed in Hilbert order."""
    if teams == 0:
        return []
    q, r = divmod(len(drawn), teams)
    sizes = [q + (1 if g < r else 0) for g in range(teams)]
    groups = []

    def bisect(points, sizes):
        if len(sizes) <= 1:
            groups.append(points)
            return
        lons = [ents[k]["lon_e6"] for k in points]
        lats = [ents[k]["lat_e6"] for k in points]
        by_lon = (max(lons, default=0) - min(lons, default=0)
                  >= max(lats, default=0) - min(lats, default=0))
        axis = "lon_e6" if by_lon else "lat_e6"
        points = sorted(points, key=lambda k: (ents[k][axis], ents[k]["id"]))
        half = (len(sizes) + 1) // 2
        cut = min(sum(sizes[:half]), len(points))
        bisect(points[:cut], sizes[:half])
        bisect(points[cut:], sizes[half:])

    bisect(list(drawn), sizes)
    return [sorted(g, key=lambda k: (hilbert_index(ents[k]["lon_e6"], ents[k]["lat_e6"]),
                                     ents[k]["id"]))
            for g in groups]


def conflicts(insp, ent, exclude_home):
    if any(r == ent["id"] or r == ent["district"] for r in insp["recusal"]):
        return True
    return exclude_home and insp["district"] != "" and insp["district"] == ent["district"]


def can_fill(open_places, allowed, used):
    """Bipartite matching (any exact method gives the same answer)."""
    places = [g for g, k in enumerate(open_places) for _ in range(k)]
    if len(places) > used.count(False):
        return False
    holder = [None] * len(used)

    def augment(p, seen):
        for i in range(len(used)):
            if used[i] or seen[i] or not allowed[places[p]][i]:
                continue
            seen[i] = True
            if holder[i] is None or augment(holder[i], seen):
                holder[i] = p
                return True
        return False

    return all(augment(p, [False] * len(used)) for p in range(len(places)))


def draw_teams(groups, ents, insp, order, size, exclude_home, stream):
    allowed = [[not any(conflicts(insp[i], ents[e], exclude_home) for e in g) for i in order]
               for g in groups]
    used = [False] * len(order)
    open_places = [size] * len(groups)
    if not can_fill(open_places, allowed, used):
        short = [g for g in range(len(groups)) if sum(allowed[g]) < size]
        return None, ["E_DRAW_RECUSAL"] * max(1, len(short))
    teams = [[] for _ in groups]
    for g in range(len(groups)):
        for _ in range(size):
            cand = [k for k in range(len(order)) if not used[k] and allowed[g][k]]
            while True:
                j = stream.below(len(cand))
                k = cand[j]
                used[k] = True
                open_places[g] -= 1
                if can_fill(open_places, allowed, used):
                    teams[g].append(order[k])
                    break
                used[k] = False
                open_places[g] += 1
                del cand[j]
    return teams, []

# ---------------------------------------------------------------- the draw


def duplicates(ids):
    seen, dup = set(), set()
    for i in ids:
        if i in seen:
            dup.add(i)
        seen.add(i)
    return dup


def draw(ents, insp, seed, rules):
    seed = seed.strip(SEED_TRIM)
    errors = []
    if not seed:
        errors.append("E_DRAW_SEED_EMPTY")
    rule_errors = []
    if rules["team_size"] < 2:
        rule_errors.append("E_DRAW_TEAM_SIZE")
    if rules.get("teams") == 0:
        rule_errors.append("E_DRAW_RULE_VALUE")
    if rules["days"] == 0:
        rule_errors.append("E_DRAW_RULE_VALUE")
    if rules["max_per_team_per_day"] == 0:
        rule_errors.append("E_DRAW_RULE_VALUE")
    errors += rule_errors
    if not ents:
        errors.append("E_DRAW_NO_ENTERPRISES")
    if not insp:
        errors.append("E_DRAW_NO_INSPECTORS")
    if duplicates(e["id"] for e in ents):
        errors.append("E_DRAW_DUPLICATE_ID")
    if duplicates(i["id"] for i in insp):
        errors.append("E_DRAW_DUPLICATE_ID")
    strata = plan_strata(ents, rules)
    total = sum(s["quota"] for s in strata)
    teams = 0
    if not rule_errors and total > 0:
        cap = max(rules["days"] * rules["max_per_team_per_day"], 1)
        if rules.get("teams") is not None:
            teams = min(rules["teams"], total)
            if -(-total // teams) > cap:
                errors.append("E_DRAW_TEAM_CAPACITY")
        else:
            teams = -(-total // cap)
        if teams * rules["team_size"] > len(insp):
            errors.append("E_DRAW_TOO_FEW_INSPECTORS")
    if errors:
        return {"errors": errors}

    eh = sha256_hex(enterprises_canonical(ents))
    ih = sha256_hex(inspectors_canonical(insp))
    drawn_all, strata_out = [], []
    for s in strata:
        drawn = draw_stratum(s, Stream(seed, eh, ih, s["label"]))
        drawn_all += drawn
        strata_out.append({
            "class": s["class"], "district": s["district"], "label": s["label"],
            "population": len(s["members"]), "quota": s["quota"],
            "selected": [ents[k]["id"] for k in drawn],
        })
    groups = group_enterprises(drawn_all, ents, teams)
    order = sorted(range(len(insp)), key=lambda k: insp[k]["id"])
    staffed, errs = draw_teams(groups, ents, insp, order, rules["team_size"],
                               rules.get("exclude_home_district", False),
                               Stream(seed, eh, ih, "inspectors"))
    if errs:
        return {"errors": errs}
    return {
        "algorithm_version": ALGORITHM_VERSION,
        "seed": seed,
        "registers": {"enterprises_sha256": eh, "inspectors_sha256": ih},
        "selected": [ents[k]["id"] for k in drawn_all],
        "teams": [
            {"id": f"T{g + 1:02d}", "inspectors": [insp[i]["id"] for i in members],
             "enterprises": [ents[k]["id"] for k in group]}
            for g, (group, members) in enumerate(zip(groups, staffed))
        ],
        "strata": strata_out,
    }


DEFAULT_RULES = {
    "period": "quarter",
    "classes": {
        "重点": {"proportion": "5%", "per": "quarter"},
        "特殊": {"proportion": "100%", "per": "quarter"},
        "一般": {"proportion": "20%", "per": "quarter"},
    },
    "stratify_by_district": True,
    "allocation": "ceil_per_stratum",
    "team_size": 2,
    "teams": None,
    "days": 10,
    "max_per_team_per_day": 4,
    "exclude_home_district": False,
}


def run_case(case):
    rules = DEFAULT_RULES
    if case.get("rules"):
        with open(case["rules"], encoding="utf-8-sig") as f:
            rules = json.load(f)
    return draw(load_enterprises(case["enterprises"]), load_inspectors(case["inspectors"]),
                case["seed"], rules)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises")
    ap.add_argument("--inspectors")
    ap.add_argument("--seed")
    ap.add_argument("--rules")
    ap.add_argument("--batch")
    a = ap.parse_args()
    if a.batch:
        with open(a.batch, encoding="utf-8") as f:
            results = [run_case(c) for c in json.load(f)]
    else:
        results = [run_case({"enterprises": a.enterprises, "inspectors": a.inspectors,
                             "seed": a.seed, "rules": a.rules})]
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    for r in results:
        out.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
