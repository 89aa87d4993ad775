#!/usr/bin/env python3
"""What each story-matching signal adds on the development set: the table of
docs/stories.md.

Usage:
  cargo run --release --example story_signals > /tmp/pairs.tsv
  python3 scripts/stories_signals.py /tmp/pairs.tsv [JSONL]

Reads every pair's signals (the example's TSV: i j same_event same_topic
whole shared leads lead_in_body names numbers dates words score), scores a
choice of signals, groups as the engine does (average link over all pairs
that reach a threshold, then small groups of at most 4 join the group they
fit best through one direct match and a mean of 0.03), and prints pairwise
P/R/F1 at the best threshold for each row, picked with the answers in hand
(an upper bound for that row; the engine's own figure is the last line).
"""
import heapq
import json
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))


def load(tsv, jsonl):
    gold = [json.loads(line)["cluster"] for line in open(jsonl, encoding="utf-8")]
    names = "i j same topic whole shared leads lead_in_body names numbers dates words score".split()
    pairs = []
    for line in open(tsv, encoding="utf-8"):
        f = line.split("\t")
        row = dict(zip(names, [int(x) for x in f[:4]] + [float(x) for x in f[4:]]))
        pairs.append(row)
    return gold, pairs


def pairwise(gold, label):
    def pairs(c):
        return sum(n * (n - 1) // 2 for n in c.values())
    tp = pairs(Counter(zip(gold, label)))
    predicted, expected = pairs(Counter(label)), pairs(Counter(gold))
    p = tp / predicted if predicted else 1.0
    r = tp / expected
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def cluster(n, sims, t, small=4, join=0.03):
    links = defaultdict(dict)
    for (i, j), s in sims.items():
        if s > 0:
            links[i][j] = s
            links[j][i] = s
    size = [1] * n
    members = {i: [i] for i in range(n)}
    heap = [(-s, i, j) for (i, j), s in sims.items() if s > 0]
    heapq.heapify(heap)
    while heap:
        ns, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        mean = links[i].get(j, 0) / (size[i] * size[j])
        if abs(mean + ns) > 1e-12:
            continue
        if mean < t:
            break
        for k, s in links.pop(j).items():
            if k == i:
                continue
            links[i][k] = links[i].get(k, 0) + s
            links[k][i] = links[i][k]
            del links[k][j]
        links[i].pop(j, None)
        size[i] += size[j]
        members[i] += members.pop(j)
        for k, s in links[i].items():
            heapq.heappush(heap, (-s / (size[i] * size[k]), min(i, k), max(i, k)))
    label = [0] * n
    for g, m in members.items():
        for x in m:
            label[x] = g
    fit = defaultdict(lambda: defaultdict(lambda: [0.0, False]))
    for (i, j), s in sims.items():
        for a, b in ((label[i], label[j]), (label[j], label[i])):
            if a != b and len(members[a]) <= small < len(members[b]):
                fit[a][b][0] += s
                fit[a][b][1] |= s >= t
    moves = []
    for a, fits in fit.items():
        mean, matched, b = max((v[0] / (len(members[a]) * len(members[b])), v[1], b) for b, v in fits.items())
        if matched and mean >= join:
            moves.append((a, b))
    for a, b in moves:
        for x in members[a]:
            label[x] = b
    return label


def best(gold, pairs, score):
    sims = {(p["i"], p["j"]): score(p) for p in pairs}
    top = max(sims.values())
    results = []
    for k in range(2, 60, 3):
        t = top * k / 100
        results.append((pairwise(gold, cluster(len(gold), sims, t)), t))
    return max(results, key=lambda r: r[0][2])


def main():
    tsv = sys.argv[1]
    jsonl = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", "shared", "stories", "ecbplus-dev.jsonl")
    gold, pairs = load(tsv, jsonl)
    agree = lambda x: 0.5 + 0.5 * x  # noqa: E731
    happening = lambda w: min(1.0, w / 0.3) ** 1.5  # noqa: E731
    rows = [
        ("term cosine (background rarity) alone", lambda p: p["whole"]),
        ("sentences with a counterpart alone", lambda p: p["shared"]),
        ("leads alone", lambda p: p["leads"]),
        ("lead against the other's body alone", lambda p: p["lead_in_body"]),
        ("names alone", lambda p: p["names"] if p["whole"] >= 0.05 else 0),
        ("words of what happened alone", lambda p: p["words"]),
        ("cosine x numbers", lambda p: p["whole"] * agree(p["numbers"])),
        ("cosine x names", lambda p: p["whole"] * agree(p["names"])),
        ("cosine x numbers x names", lambda p: p["whole"] * agree(p["numbers"]) * agree(p["names"])),
        ("cosine x numbers x names x what happened (the engine's score)", lambda p: p["score"]),
        ("the engine's score x sentences", lambda p: p["score"] * agree(p["shared"])),
        ("the engine's score x leads", lambda p: p["score"] * agree(p["leads"])),
        ("the engine's score x lead against body", lambda p: p["score"] * agree(p["lead_in_body"])),
    ]
    print("| signals | best threshold | P | R | F1 |")
    print("|---|---|---|---|---|")
    for name, score in rows:
        (p, r, f), t = best(gold, pairs, score)
        print(f"| {name} | {t:.3f} | {p:.3f} | {r:.3f} | {f:.3f} |")
    (p, r, f) = pairwise(gold, cluster(len(gold), {(q["i"], q["j"]): q["score"] for q in pairs}, 0.15))
    print(f"| the engine's score at its threshold 0.15 (all pairs) | 0.150 | {p:.3f} | {r:.3f} | {f:.3f} |")


if __name__ == "__main__":
    main()
