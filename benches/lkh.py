"""LKH-3 (Helsgaun) through PyPI elkai on a TSPLIB file, for benches/tsp.rs.

usage: lkh.py FILE TIME_LIMIT_S SEED
Prints one JSON line: {"tour": [0-based nodes in TSPLIB order], "elapsed_s": wall seconds}.
elkai 2.0.1 exposes LKH's parameter file as a string: RUNS = 1 with TOTAL_TIME_LIMIT bounds
the search; LKH's preprocessing (subgradient ascent for the α candidates) is not counted by
that limit, so the wall time is reported beside it.
"""
import json
import sys
import time

import elkai._elkai as lkh

path, limit, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
with open(path) as f:
    problem = f.read()
params = f"RUNS = 1\nTOTAL_TIME_LIMIT = {limit}\nSEED = {seed}\nPROBLEM_FILE = :stdin:\n"
t = time.time()
tour = lkh.solve_problem(params, problem)
elapsed = time.time() - t
print(json.dumps({"tour": [x - 1 for x in tour], "elapsed_s": elapsed}))
