#!/usr/bin/env python3
"""Conformance of `articast normalize` against the NeMo text-normalization
corpus, scored by tn_score.py (eSpeak NG phoneme match).

Cases listed in DIVERGENCES.md (lines "- `category` `written`: reason", or
"- `category` ``written``: reason" when the written form holds a backtick)
are where articast deliberately reads differently; they are left out of a
filtered copy of the corpus written to --work. Fails (exit 1) when the core
categories' loose rate is below --core-min or all categories' below
--all-min; exits 77 (ctest SKIP) when the corpus or the scorer is missing.
"""
import argparse
import csv
import os
import re
import subprocess
import sys

CORE = ["money", "date", "cardinal", "ordinal", "decimal", "measure", "time", "whitelist"]
ROW = re.compile(r"^- `([^`]+)` (?:``(.+?)``|`([^`]*)`)(?::|\s|$)")


def divergences(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line.rstrip("\n"))
            if m:
                out.add((m.group(1), m.group(2) if m.group(2) is not None else m.group(3)))
    return out


def filter_file(src, dst, cat, skip, swap=False):
    """Copies a corpus file without the skipped cases; returns how many left.
    With swap, "spoken~written" lines are turned to "written~spoken"."""
    with open(src, encoding="utf-8") as f:
        lines = [l.rstrip("\r\n") for l in f]
    multi = sum(1 for l in lines if "~" in l) * 2 < len(lines)
    kept, dropped, keep = [], 0, True
    for l in lines:
        if multi:
            if l.startswith("~"):
                keep = (cat, l.strip().replace("~", "")) not in skip
                dropped += not keep
            if keep:
                kept.append(l)
        else:
            if swap and "~" in l:
                l = "~".join(reversed(l.split("~", 1)))
            if "~" in l and (cat, l.split("~")[0]) in skip:
                dropped += 1
                continue
            kept.append(l)
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(kept) + "\n")
    return dropped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--score", required=True)
    ap.add_argument("--divergences", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--normalizer", required=True)
    ap.add_argument("--core-min", type=float, default=97.0)
    ap.add_argument("--all-min", type=float, default=90.0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--voice", default=None, help="eSpeak NG voice for both sides (tn_score.py --voice)")
    ap.add_argument("--swap", "--spoken-first", dest="swap", action="store_true",
                    help="the corpus lines are spoken~written (NeMo's German and Russian files): "
                         "score them turned round")
    a = ap.parse_args()
    if not os.path.isdir(a.corpus) or not os.path.isfile(a.score):
        print("SKIP: corpus %s or scorer %s not found" % (a.corpus, a.score))
        return 77
    skip = divergences(a.divergences)
    os.makedirs(a.work, exist_ok=True)
    dropped = 0
    for name in sorted(os.listdir(a.corpus)):
        if name.startswith("test_cases_") and name.endswith(".txt"):
            cat = name[len("test_cases_"):-4]
            dropped += filter_file(os.path.join(a.corpus, name), os.path.join(a.work, name), cat, skip, a.swap)
    details = os.path.join(a.work, "details.tsv")
    p = subprocess.run([sys.executable, a.score, a.work, "--normalizer", a.normalizer, "--jobs", str(a.jobs),
                        "--failures", "5", "--details", details] + (["--voice", a.voice] if a.voice else []), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    print(p.stdout)
    if p.returncode != 0 or not os.path.isfile(details):
        print("tn_score.py failed (exit %d)" % p.returncode)
        return 1
    n = {"core": 0, "all": 0}
    ok = {"core": 0, "all": 0}
    with open(details, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            for k in ("core", "all"):
                if k == "all" or row["category"] in CORE:
                    n[k] += 1
                    ok[k] += row["loose"] == "1"
    core = 100.0 * ok["core"] / max(1, n["core"])
    allr = 100.0 * ok["all"] / max(1, n["all"])
    print("divergences excluded: %d cases (%s)" % (dropped, a.divergences))
    print("core-8 loose: %.1f%% of %d (min %.0f%%)" % (core, n["core"], a.core_min))
    print("all loose:    %.1f%% of %d (min %.0f%%)" % (allr, n["all"], a.all_min))
    return 0 if core >= a.core_min and allr >= a.all_min else 1


if __name__ == "__main__":
    sys.exit(main())
