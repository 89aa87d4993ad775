#!/usr/bin/env python3
"""Writes src/data/background-words.txt: how common English words are, for
the story matcher's background rarity (src/story/rarity.rs).

Usage: pip install wordfreq==3.1.1 && python3 scripts/background_words.py [N]

Takes wordfreq's N most frequent English words (default 24000) that the
engine's tokenizer keeps as content words (lowercase letters only, not in
src/text.rs's stopword list), and writes them grouped by Zipf frequency
(log10 of occurrences per billion words) rounded down to a quarter: a line
per group, "ZIPF word word ...", words sorted so the file compresses well.
Words not in the file are taken as rarer than the last group. The engine
stems them as it stems text when it reads the file.
"""
import os
import re
import sys

from wordfreq import top_n_list, zipf_frequency

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")


def stopwords():
    text = open(os.path.join(ROOT, "src", "text.rs"), encoding="utf-8").read()
    block = re.search(r"STOPWORDS: &\[&str\] = &\[(.*?)\];", text, re.S)
    return set(re.findall(r'"([^"]+)"', block.group(1)))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 24000
    stop = stopwords()
    groups = {}
    kept = 0
    for word in top_n_list("en", n * 2):
        if kept == n:
            break
        if not re.fullmatch(r"[a-z]{2,}", word) or word in stop:
            continue
        bucket = int(zipf_frequency(word, "en") * 4) / 4
        groups.setdefault(bucket, []).append(word)
        kept += 1
    out = os.path.join(ROOT, "src", "data", "background-words.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"# wordfreq 3.1.1 (en), {kept} words by Zipf frequency; written by scripts/background_words.py\n")
        for bucket in sorted(groups, reverse=True):
            f.write(f"{bucket:.2f} " + " ".join(sorted(groups[bucket])) + "\n")
    print(f"{out}: {kept} words, {os.path.getsize(out)} bytes")


if __name__ == "__main__":
    main()
