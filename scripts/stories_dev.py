#!/usr/bin/env python3
"""Same-story grouping on the development set, scored.

Usage: python3 scripts/stories_dev.py [STORYDIFF] [--jsonl PATH]

Writes each article of ../shared/stories/ecbplus-dev.jsonl to a file (its
first sentence, a blank line, its text) in a temporary folder, runs
`storydiff stories --json` over the folder, and scores the groups against the
events with ../shared/stories/score.py (pairwise and BCubed P/R/F1).
STORYDIFF defaults to target/release/storydiff.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "stories")


def main():
    args = sys.argv[1:]
    jsonl = os.path.join(SHARED, "ecbplus-dev.jsonl")
    if "--jsonl" in args:
        i = args.index("--jsonl")
        jsonl = args[i + 1]
        del args[i:i + 2]
    binary = args[0] if args else os.path.join(HERE, "..", "target", "release", "storydiff")
    if not os.path.isfile(jsonl):
        print(f"SKIPPED: {jsonl} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        with open(jsonl, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                name = row["id"].replace(":", "_").replace("/", "_") + ".txt"
                names[name] = row["id"]
                body = row["title"].strip()
                if row.get("text", "").strip():
                    body += "\n\n" + row["text"].strip()
                with open(os.path.join(tmp, "articles", name) if False else os.path.join(tmp, name), "w", encoding="utf-8") as out:
                    out.write(body + "\n")
        run = subprocess.run([binary, "stories", "--json", tmp], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.stderr.write(run.stderr)
            return run.returncode
        stories = json.loads(run.stdout)["stories"]
        pred = os.path.join(tmp, "pred.tsv")
        with open(pred, "w", encoding="utf-8") as out:
            for n, story in enumerate(stories):
                for member in story["members"]:
                    if member in names:
                        out.write(f"{names[member]}\tg{n}\n")
        score = subprocess.run([sys.executable, os.path.join(os.path.dirname(jsonl), "score.py"), jsonl, "--pred", pred],
                               capture_output=True, text=True)
        sys.stdout.write(score.stdout)
        sys.stderr.write(score.stderr)
        return score.returncode


if __name__ == "__main__":
    sys.exit(main())
