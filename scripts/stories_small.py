#!/usr/bin/env python3
"""Same-story grouping on small events: a proxy for coverage by a few outlets.

Usage: python3 scripts/stories_small.py [STORYDIFF] [--k 3 5] [--draws 10]

The held-out sets of issue 10 hold three or five reports per event; the
development set (../shared/stories/ecbplus-dev.jsonl) holds ten or more,
which lets a small group join its story through many weak links. This draws,
for each event with at least K articles of 50 words or more, K of them at
random (seeded, `--draws` times), keeps both events of every topic (the hard
negatives), runs `storydiff stories --json` over the draw and scores it with
../shared/stories/score.py, then prints the mean pairwise and BCubed P/R/F1
per K. STORYDIFF defaults to target/release/storydiff.
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "stories")


def draw(rows, k, seed):
    by_event = defaultdict(list)
    for row in rows:
        if len(row.get("text", "").split()) >= 50:
            by_event[row["cluster"]].append(row)
    rnd = random.Random(seed)
    chosen = []
    for event in sorted(by_event):
        if len(by_event[event]) >= k:
            chosen += rnd.sample(by_event[event], k)
    return chosen


def run(binary, rows, tmp):
    names = {}
    folder = os.path.join(tmp, "articles")
    os.makedirs(folder)
    for row in rows:
        name = row["id"].replace(":", "_").replace("/", "_") + ".txt"
        names[name] = row["id"]
        with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
            out.write(row["title"].strip() + "\n\n" + row["text"].strip() + "\n")
    done = subprocess.run([binary, "stories", "--json", folder], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(done.stderr)
    gold = os.path.join(tmp, "gold.jsonl")
    with open(gold, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    pred = os.path.join(tmp, "pred.tsv")
    with open(pred, "w", encoding="utf-8") as out:
        for n, story in enumerate(json.loads(done.stdout)["stories"]):
            for member in story["members"]:
                out.write(f"{names[member]}\tg{n}\n")
    scored = subprocess.run([sys.executable, os.path.join(SHARED, "score.py"), gold, "--pred", pred],
                            capture_output=True, text=True, check=True).stdout
    figures = {}
    for line in scored.splitlines():
        m = re.match(r"(pairwise|bcubed)\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)", line)
        if m:
            figures[m.group(1)] = tuple(float(x) for x in m.groups()[1:])
    return figures


def main():
    args = sys.argv[1:]
    ks, draws = [3, 5], 10
    if "--k" in args:
        i = args.index("--k")
        j = i + 1
        ks = []
        while j < len(args) and args[j].isdigit():
            ks.append(int(args[j]))
            j += 1
        del args[i:j]
    if "--draws" in args:
        i = args.index("--draws")
        draws = int(args[i + 1])
        del args[i:i + 2]
    binary = args[0] if args else os.path.join(HERE, "..", "target", "release", "storydiff")
    jsonl = os.path.join(SHARED, "ecbplus-dev.jsonl")
    if not os.path.isfile(jsonl):
        print(f"SKIPPED: {jsonl} is absent")
        return 0
    with open(jsonl, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    for k in ks:
        total = defaultdict(lambda: [0.0, 0.0, 0.0])
        for seed in range(draws):
            with tempfile.TemporaryDirectory() as tmp:
                for kind, values in run(binary, draw(rows, k, seed), tmp).items():
                    for n, v in enumerate(values):
                        total[kind][n] += v / draws
        for kind in ("pairwise", "bcubed"):
            p, r, f1 = total[kind]
            print(f"k={k} {kind:8s} P={p:.3f} R={r:.3f} F1={f1:.3f}  (mean of {draws} draws)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
