#!/usr/bin/env python3
"""Judged accuracy sample for storydiff's findings on real same-event coverage.

Real coverage of one event by several outlets (ECB+, ../shared/stories/ecbplus-dev.jsonl)
has no answer key, so precision is measured by a careful reader judging a random sample
of findings with both articles open (verdicts as in ../shared/judging.md).

Two commands (Python 3.11, standard library only):

  sample  Draw comparisons from the corpus with a seed, run `BIN compare CURRENT OTHER...
          --json` on each, collect every finding of kind missing / differs / unique, and
          sample --per-kind of each kind (seeded, at most --max-per-comparison per
          comparison per kind). Writes into --out DIR:
            articles/<id>.txt   each article used: title line, blank line, text
            reports/<cid>.json  the binary's JSON report for comparison <cid>
            comparisons.json    the comparisons: current id, other ids, files, status
            sample.jsonl        the sampled findings, one a line, each with a stable `key`
            sample.md           the same for a human judge (texts, facts, both file paths)
            stats.json          comparisons run, same-story rate, findings per comparison
                                per kind, fragment rate (also printed)

          python3 scripts/accuracy.py sample --bin /work/storydiff-before --seed 1 \
              --per-kind 40 --out /work/accuracy-before

  score   Read a sample DIR and one or more verdict files (JSONL `{key, verdict, note}`,
          verdict one of: correct, same meaning, different things, fragment) and print
          precision per kind (correct / judged) and the count of each verdict per kind as
          a Markdown table. Keys of the sample that no verdict file judges are counted as
          unjudged; with several files the first verdict for a key wins. --unjudged-md FILE
          writes the unjudged findings for a judge (re-run with the same --seed and another
          --bin: only the findings that changed are left to judge).

          python3 scripts/accuracy.py score --sample /work/accuracy-before \
              --verdicts docs/accuracy/before-seed1.jsonl

Keys. A finding's `key` is a hash of the comparison (current article id and the sorted ids
of the other articles) and of the finding itself (kind, here, there, sorted version ids).
It depends on neither the seed nor the binary: the same finding produced by another binary
on the same comparison has the same key, so verdicts given once carry over ("after" run
with another --bin: only the findings that changed need judging). The comparisons drawn
depend only on the corpus, --seed and --comparisons.

Fragment rate. Share of missing and unique findings whose text (`there` for missing,
`here` for unique) has fewer than five words, no digit, no capitalised word other than
its first word, and no month or weekday name: text that almost never means anything on
its own. Computed over all findings of the run and over the sample.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = "/work/shared/stories/ecbplus-dev.jsonl"
JUDGED_KINDS = ("missing", "differs", "unique")
ALL_KINDS = ("missing", "differs", "unique", "variant", "metadata")
VERDICTS = ("correct", "same meaning", "different things", "fragment")

MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


# ---------------------------------------------------------------------------------------
# helpers


def file_name(article_id: str) -> str:
    """Article id to a safe file name: `ecbplus:1_1ecb` -> `ecbplus_1_1ecb.txt`."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", article_id) + ".txt"


def finding_key(current: str, others: list[str], f: dict) -> str:
    """Stable key: comparison (current + sorted others) and the finding's content."""
    parts = [
        current,
        ",".join(sorted(others)),
        f.get("kind") or "",
        f.get("here") or "",
        f.get("there") or "",
        ",".join(sorted(f.get("versions") or ([f["version"]] if f.get("version") else []))),
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


WORD_RE = re.compile(r"[\w'’.-]+", re.UNICODE)


def is_fragment(text: str | None) -> bool:
    """Fewer than five words, no digit, no capitalised word but the first, no month/day."""
    if not text:
        return True
    words = [w.strip(".,;:!?\"'“”‘’()[]-–—") for w in text.split()]
    words = [w for w in words if w]
    if len(words) >= 5:
        return False
    if any(ch.isdigit() for ch in text):
        return False
    for i, w in enumerate(words):
        if w.lower().strip(".") in MONTHS_DAYS:
            return False
        if i > 0 and w[0].isupper():
            return False
    return True


def finding_text(f: dict) -> str | None:
    kind = f.get("kind")
    if kind == "missing":
        return f.get("there")
    if kind == "unique":
        return f.get("here")
    return None


def load_corpus(path: str) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def draw_comparisons(rows: list[dict], seed: int, k: int) -> list[dict]:
    """Deterministic comparisons: round-robin over the shuffled clusters, a current article
    not yet used as current in that cluster when possible, and up to 3 others."""
    rng = random.Random(f"comparisons:{seed}")
    by_cluster: dict[str, list[dict]] = collections.defaultdict(list)
    for r in rows:
        if (r.get("text") or "").strip():
            by_cluster[r["cluster"]].append(r)
    clusters = sorted(c for c, arts in by_cluster.items() if len(arts) >= 2)
    rng.shuffle(clusters)
    unused = {c: sorted(a["id"] for a in by_cluster[c]) for c in clusters}
    for c in clusters:
        rng.shuffle(unused[c])
    out, seen = [], set()
    i = 0
    guard = 0
    while len(out) < k and guard < k * 20:
        guard += 1
        c = clusters[i % len(clusters)]
        i += 1
        ids = sorted(a["id"] for a in by_cluster[c])
        if unused[c]:
            current = unused[c].pop()
        else:
            current = rng.choice(ids)
        rest = [x for x in ids if x != current]
        others = sorted(rng.sample(rest, min(3, len(rest))))
        sig = (current, tuple(others))
        if sig in seen:
            continue
        seen.add(sig)
        out.append({"cid": f"c{len(out):03d}", "cluster": c, "current": current, "others": others})
    return out


def write_article(path: Path, row: dict) -> None:
    text = (row.get("title") or "").strip() + "\n\n" + (row.get("text") or "").strip() + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def pick_sample(findings: list[dict], kind: str, n: int, cap: int, seed: int) -> list[dict]:
    pool = sorted((f for f in findings if f["kind"] == kind), key=lambda f: f["key"])
    rng = random.Random(f"sample:{seed}:{kind}")
    rng.shuffle(pool)
    chosen: list[dict] = []
    taken: set[str] = set()
    per_cmp: collections.Counter = collections.Counter()
    limit = cap
    while len(chosen) < n and len(chosen) < len(pool):
        for f in pool:
            if len(chosen) >= n:
                break
            if f["key"] in taken or per_cmp[f["cid"]] >= limit:
                continue
            chosen.append(f)
            taken.add(f["key"])
            per_cmp[f["cid"]] += 1
        limit += 1  # only reached when the cap left the kind short
    return chosen


def render_diff(ops) -> str | None:
    """A word diff (list of {op, text}) as `[-deleted-]{+inserted+}` text."""
    if not isinstance(ops, list):
        return ops if isinstance(ops, str) else None
    out = []
    for o in ops:
        t = o.get("text", "")
        out.append({"delete": f"[-{t}-]", "insert": f"{{+{t}+}}"}.get(o.get("op"), t))
    return "".join(out)


def short(s: str | None, n: int = 2000) -> str:
    if s is None:
        return "∅"
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------------------------------
# sample


def cmd_sample(a: argparse.Namespace) -> int:
    out = Path(a.out)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    rows = load_corpus(a.corpus)
    by_id = {r["id"]: r for r in rows}
    comparisons = draw_comparisons(rows, a.seed, a.comparisons)

    all_findings: list[dict] = []
    kind_totals: collections.Counter = collections.Counter()
    n_ok = n_same = 0
    t0 = time.time()
    for cmp in comparisons:
        files = []
        for aid in [cmp["current"], *cmp["others"]]:
            p = out / "articles" / file_name(aid)
            write_article(p, by_id[aid])
            files.append(p)
        cmp["current_file"] = str(files[0].resolve())
        cmp["other_files"] = [str(p.resolve()) for p in files[1:]]
        report_path = out / "reports" / f"{cmp['cid']}.json"
        cmd = [a.bin, "compare", *[str(p) for p in files], "--json"]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=a.timeout)
        except subprocess.TimeoutExpired:
            cmp["status"] = "timeout"
            print(f"{cmp['cid']}: timeout", file=sys.stderr)
            continue
        if proc.returncode != 0:
            cmp["status"] = f"exit {proc.returncode}: {proc.stderr.strip()[:200]}"
            print(f"{cmp['cid']}: {cmp['status']}", file=sys.stderr)
            continue
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            cmp["status"] = f"bad json: {e}"
            print(f"{cmp['cid']}: {cmp['status']}", file=sys.stderr)
            continue
        report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        cmp["status"] = "ok"
        n_ok += 1
        name_to_file = {p.name: str(p.resolve()) for p in files[1:]}
        versions = report.get("versions") or []
        cmp["same_story"] = [v.get("id") for v in versions if v.get("same_story")]
        if cmp["same_story"]:
            n_same += 1
        cmp["kinds"] = collections.Counter()
        for idx, f in enumerate(report.get("findings") or []):
            kind = f.get("kind")
            cmp["kinds"][kind] += 1
            kind_totals[kind] += 1
            if kind not in JUDGED_KINDS:
                continue
            vers = f.get("versions") or ([f["version"]] if f.get("version") else [])
            all_findings.append({
                "key": finding_key(cmp["current"], cmp["others"], f),
                "kind": kind,
                "cid": cmp["cid"],
                "index": idx,
                "here": f.get("here"),
                "there": f.get("there"),
                "facts": f.get("facts") or [],
                "sentence": f.get("sentence"),
                "after": f.get("after"),
                "wordings": f.get("wordings"),
                "current_id": cmp["current"],
                "current_file": cmp["current_file"],
                "versions": vers,
                "version_files": [name_to_file.get(v, v) for v in vers],
                "other_files": cmp["other_files"],
                "fragment_rule": is_fragment(finding_text(f)) if kind != "differs" else None,
            })
        cmp["kinds"] = dict(cmp["kinds"])
    elapsed = time.time() - t0

    # the same finding text can occur twice in one report (e.g. two versions); keys must
    # stay unique: keep the first
    uniq, seen = [], set()
    for f in all_findings:
        if f["key"] in seen:
            continue
        seen.add(f["key"])
        uniq.append(f)
    all_findings = uniq

    sample: list[dict] = []
    shortfall = {}
    for kind in JUDGED_KINDS:
        got = pick_sample(all_findings, kind, a.per_kind, a.max_per_comparison, a.seed)
        if len(got) < a.per_kind:
            shortfall[kind] = len(got)
        sample.extend(got)

    with open(out / "sample.jsonl", "w", encoding="utf-8") as fh:
        for f in sample:
            rec = {k: v for k, v in f.items() if k != "wordings"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    write_sample_md(out / "sample.md", sample, a)
    (out / "comparisons.json").write_text(
        json.dumps(comparisons, ensure_ascii=False, indent=1), encoding="utf-8")

    def frag_rate(fs):
        fs = [f for f in fs if f["kind"] in ("missing", "unique")]
        n = sum(1 for f in fs if f["fragment_rule"])
        return {"fragments": n, "of": len(fs), "rate": round(n / len(fs), 4) if fs else None}

    per_cmp_counts = {k: [c.get("kinds", {}).get(k, 0) for c in comparisons if c.get("status") == "ok"]
                      for k in ALL_KINDS}
    stats = {
        "binary": a.bin,
        "corpus": a.corpus,
        "seed": a.seed,
        "comparisons_requested": a.comparisons,
        "comparisons_run": n_ok,
        "comparisons_failed": len(comparisons) - n_ok,
        "comparisons_with_same_story_version": n_same,
        "version_pairs": sum(len(c["others"]) for c in comparisons if c.get("status") == "ok"),
        "version_pairs_same_story": sum(len(c.get("same_story", [])) for c in comparisons
                                        if c.get("status") == "ok"),
        "seconds": round(elapsed, 1),
        "findings_total": {k: kind_totals.get(k, 0) for k in ALL_KINDS},
        "findings_per_comparison": {
            k: {
                "mean": round(sum(v) / len(v), 2) if v else None,
                "median": sorted(v)[len(v) // 2] if v else None,
                "max": max(v) if v else None,
                "zero": sum(1 for x in v if x == 0),
            }
            for k, v in per_cmp_counts.items()
        },
        "findings_per_comparison_same_story_only": {
            k: round(sum(c.get("kinds", {}).get(k, 0) for c in comparisons
                         if c.get("status") == "ok" and c.get("same_story"))
                     / max(1, n_same), 2)
            for k in ALL_KINDS
        },
        "fragment_rate_all": frag_rate(all_findings),
        "fragment_rate_sample": frag_rate(sample),
        "sample_size": {k: sum(1 for f in sample if f["kind"] == k) for k in JUDGED_KINDS},
        "sample_comparisons": {k: len({f["cid"] for f in sample if f["kind"] == k})
                               for k in JUDGED_KINDS},
        "sample_shortfall": shortfall,
    }
    (out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    for kind, n in shortfall.items():
        print(f"note: only {n} {kind} findings in all; took all of them", file=sys.stderr)
    return 0


def write_sample_md(path: Path, sample: list[dict], a: argparse.Namespace) -> None:
    lines = [
        f"# Sample: {len(sample)} findings (seed {a.seed}, binary `{a.bin}`)",
        "",
        "Judge each by ../shared/judging.md (verdict: correct / same meaning / different things /"
        " fragment) with both article files open.",
        "",
    ]
    for n, f in enumerate(sample, 1):
        lines.append(f"## {n}. `{f['key']}` {f['kind']} ({f['cid']})")
        lines.append("")
        lines.append(f"- current: `{f['current_file']}`")
        for vf in f["version_files"]:
            lines.append(f"- version: `{vf}`")
        lines.append(f"- here: {short(f['here'])}")
        lines.append(f"- there: {short(f['there'])}")
        if f.get("sentence") and f["kind"] == "unique":
            lines.append(f"- sentence: {short(f['sentence'] if isinstance(f['sentence'], str) else json.dumps(f['sentence']))}")
        if f.get("after") and f["kind"] == "missing":
            aft = f["after"]
            lines.append(f"- after: {short(aft if isinstance(aft, str) else json.dumps(aft, ensure_ascii=False))}")
        for fact in f.get("facts") or []:
            lines.append(f"- fact {fact.get('type')}: {short(str(fact.get('here')))} ≠ {short(str(fact.get('there')))}")
        for w in (f.get("wordings") or [])[:3]:
            if isinstance(w, dict) and f["kind"] != "missing":
                lines.append(f"- wording {w.get('version')}: {short(render_diff(w.get('diff')) or w.get('text'), 900)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------------------
# score


def cmd_score(a: argparse.Namespace) -> int:
    sample = [json.loads(l) for l in open(Path(a.sample) / "sample.jsonl", encoding="utf-8") if l.strip()]
    verdicts: dict[str, dict] = {}
    for vf in a.verdicts:
        with open(vf, encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                v = json.loads(line)
                if v.get("verdict") not in VERDICTS:
                    print(f"{vf}:{ln}: unknown verdict {v.get('verdict')!r}", file=sys.stderr)
                    return 2
                verdicts.setdefault(v["key"], v)
    rows = []
    total = collections.Counter()
    for kind in JUDGED_KINDS:
        fs = [f for f in sample if f["kind"] == kind]
        c = collections.Counter(verdicts[f["key"]]["verdict"] for f in fs if f["key"] in verdicts)
        judged = sum(c.values())
        unjudged = len(fs) - judged
        prec = f"{c['correct'] / judged:.2f}" if judged else "–"
        rows.append((kind, prec, judged, *(c[v] for v in VERDICTS), unjudged))
        total.update(c)
        total["_unjudged"] += unjudged
    judged = sum(total[v] for v in VERDICTS)
    rows.append(("all", f"{total['correct'] / judged:.2f}" if judged else "–", judged,
                 *(total[v] for v in VERDICTS), total["_unjudged"]))
    print("| kind | precision | judged | " + " | ".join(VERDICTS) + " | unjudged |")
    print("|---|---|---|" + "---|" * len(VERDICTS) + "---|")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    if a.unjudged_md:
        todo = [f for f in sample if f["key"] not in verdicts]
        write_sample_md(Path(a.unjudged_md), todo,
                        argparse.Namespace(seed="(unjudged of " + a.sample + ")", bin="see stats.json"))
        print(f"\n{len(todo)} unjudged findings written to {a.unjudged_md}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="run comparisons and draw the findings to judge",
                       description="Draw seeded comparisons from the corpus, run BIN compare "
                       "--json on each, sample findings per kind; write articles/, reports/, "
                       "sample.jsonl, sample.md, stats.json into --out.")
    s.add_argument("--bin", required=True, help="storydiff binary to run")
    s.add_argument("--seed", type=int, required=True, help="seed for comparisons and sample")
    s.add_argument("--per-kind", type=int, default=40, help="findings per kind (default 40)")
    s.add_argument("--out", required=True, help="output directory")
    s.add_argument("--comparisons", type=int, default=200,
                   help="comparisons to run (default 200: about three per cluster)")
    s.add_argument("--max-per-comparison", type=int, default=3,
                   help="at most this many sampled findings per comparison per kind (default 3)")
    s.add_argument("--corpus", default=DEFAULT_CORPUS, help=f"JSONL corpus (default {DEFAULT_CORPUS})")
    s.add_argument("--timeout", type=float, default=120, help="seconds per compare (default 120)")
    s.set_defaults(func=cmd_sample)
    c = sub.add_parser("score", help="precision per kind from verdicts",
                       description="Print precision (correct / judged) and the count of each "
                       "verdict per kind as a Markdown table.")
    c.add_argument("--sample", required=True, help="a DIR written by `sample`")
    c.add_argument("--verdicts", required=True, action="append",
                   help="JSONL {key, verdict, note}; repeat to merge (first wins)")
    c.add_argument("--unjudged-md", metavar="FILE",
                   help="also write the sampled findings that no verdict file judges, "
                   "as Markdown for a judge (e.g. after re-running with another --bin)")
    c.set_defaults(func=cmd_score)
    a = p.parse_args(argv)
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
