#!/usr/bin/env python3
"""Turn an alias spec into data/places/aliases.csv, looking every code up in katottg.csv.

Spec lines: `Ukrainian name|oblast name prefix|category|kind:alias;kind:alias;...`
(`#` starts a comment). A line whose unit is not found exactly once is reported and skipped,
so no code is ever guessed. Usage: python3 make_aliases.py spec.txt > aliases.csv
"""
import csv
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, "katottg.csv"), encoding="utf-8")))
by_code = {r["code"]: r for r in rows}


def oblast_of(r):
    while r["parent_code"]:
        r = by_code[r["parent_code"]]
    return r["name"]


def norm(s):
    return s.replace("'", "’").replace("ʼ", "’")


out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["code", "alias", "kind"])
seen = set()
bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    name, oblast, cat, aliases = line.split("|")
    hits = [
        r
        for r in rows
        if r["category"] == cat
        and norm(r["name"]) == norm(name)
        and oblast_of(r).startswith(oblast)
    ]
    if len(hits) != 1:
        print(f"SKIP {name} ({oblast}, {cat}): {len(hits)} matches", file=sys.stderr)
        bad += 1
        continue
    code = hits[0]["code"]
    for item in aliases.split(";"):
        kind, alias = item.split(":", 1)
        assert kind in ("ru", "en", "former"), line
        key = (code, alias.strip().lower())
        if key in seen or norm(alias.strip()) == norm(name):
            continue
        seen.add(key)
        out.writerow([code, alias.strip(), kind])
print(f"{len(seen)} aliases, {bad} lines skipped", file=sys.stderr)
