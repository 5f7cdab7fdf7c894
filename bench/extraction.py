#!/usr/bin/env python3
"""Article extraction quality on a corpus of real pages with hand-checked
bodies (not a ctest test: it scores, it does not pass or fail).

  python3 bench/extraction.py --articast build/articast \
      [--corpus ../shared/corpus/article-extraction] [--mode spoken|written|both] \
      [--pages N] [--worst K] [--save DIR] [-j 2]

The corpus is a folder with ground-truth.json ({ID: {"articleBody": ...}})
and html/ID.html.gz (or html/ID.html), the layout of the public
article-extraction benchmark.

Two scorings, both with the benchmark's measure: 4-word shingles (runs of
\\w+ tokens) counted with multiplicity, true and false positives per page
normalised by the page's total, precision averaged over the pages that gave
any text, recall over every page, F1 from those two means:
  spoken   what `articast script --json` says (every turn's text) against
           the body passed through `articast normalize`: both sides spoken;
  written  what `articast extract --json` gives (title, paragraphs, list
           items, quotations; no captions, boilerplate or metadata) against
           the body as it is.
A page that articast refuses (a non-zero exit) counts as empty: recall 0.
It also prints pages per second for each mode (wall clock, -j workers).

  python3 bench/extraction.py --speed --articast build/articast --reference OLD/articast [--runs 3]

times `script --json` over every page of the corpus, one page at a time,
for both binaries in alternation, and prints the median pages per second
of each and their ratio (above 1: articast is faster than the reference).
"""
import argparse
import concurrent.futures as cf
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    toks = TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def match(true, pred):
    """(tp, fp, fn) for one page, as fractions of their sum."""
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0
    for k in set(t) | set(p):
        a, b = t.get(k, 0), p.get(k, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summary(results):
    """results: {id: (tp, fp, fn)} -> (f1, precision, recall)."""
    ps = [precision(*r) for r in results.values() if r[0] + r[1] > 0]
    rs = [recall(*r) for r in results.values() if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def spoken_text(articast, path):
    rc, out, err = run([articast, "script", path, "--json"])
    if rc != 0:
        return None, err.strip()
    return "\n".join(t["text"] for t in json.loads(out)["turns"]), ""


def written_text(articast, path):
    rc, out, err = run([articast, "extract", path, "--json"])
    if rc != 0:
        return None, err.strip()
    doc = json.loads(out)
    lines = [doc.get("title") or ""]
    for i, sec in enumerate(doc["sections"]):
        if i > 0 and sec.get("title"):  # section 0's title is the headline
            lines.append(sec["title"])
        lines += [b["text"] for b in sec["blocks"] if b["kind"] not in ("caption", "boilerplate")]
    return "\n".join(lines), ""


def normalized(articast, text):
    rc, out, err = run([articast, "normalize"], stdin=text.encode("utf-8"))
    if rc != 0:
        sys.exit(f"articast normalize failed: {err}")
    return out


def load(corpus, limit):
    gt = json.load(open(os.path.join(corpus, "ground-truth.json"), encoding="utf-8"))
    ids = sorted(gt)[:limit] if limit else sorted(gt)
    return gt, ids


def page_file(corpus, tmp, pid):
    for name in (pid + ".html.gz", pid + ".html"):
        src = os.path.join(corpus, "html", name)
        if os.path.exists(src):
            if not name.endswith(".gz"):
                return src
            dst = os.path.join(tmp, pid + ".html")
            with gzip.open(src, "rb") as f, open(dst, "wb") as g:
                g.write(f.read())
            return dst
    sys.exit(f"no page for {pid} in {corpus}/html")


def score(mode, args, gt, ids, files):
    def one(pid):
        body = gt[pid].get("articleBody", "") or ""
        if mode == "spoken":
            pred, err = spoken_text(args.articast, files[pid])
            true = normalized(args.articast, body)
        else:
            pred, err = written_text(args.articast, files[pid])
            true = body
        return pid, pred, err, true

    t0 = time.perf_counter()
    out = {}
    with cf.ThreadPoolExecutor(args.jobs) as ex:
        for pid, pred, err, true in ex.map(one, ids):
            out[pid] = (pred, err, true)
    secs = time.perf_counter() - t0
    results = {pid: match(true, pred or "") for pid, (pred, err, true) in out.items()}
    refused = [(pid, err) for pid, (pred, err, true) in out.items() if pred is None]
    f1, p, r = summary(results)
    print(f"{mode:<8} pages={len(ids)} F1={f1:.3f} precision={p:.3f} recall={r:.3f} "
          f"refused={len(refused)} ({len(ids) / secs:.1f} pages/s with {args.jobs} workers)")
    for pid, err in refused:
        print(f"  refused {pid[:12]}: {err[:120]}")
    if args.worst:
        rows = sorted(results.items(), key=lambda kv: 2 * kv[1][0] / (2 * kv[1][0] + kv[1][1] + kv[1][2] or 1))
        for pid, (tp, fp, fn) in rows[:args.worst]:
            print(f"  {pid[:12]} P={precision(tp, fp, fn):.2f} R={recall(tp, fp, fn):.2f} {gt[pid].get('url', '')[:90]}")
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        with open(os.path.join(args.save, mode + ".json"), "w", encoding="utf-8") as f:
            json.dump({pid: {"pred": pred, "true": true, "prf": results[pid]} for pid, (pred, err, true) in out.items()},
                      f, ensure_ascii=False, indent=1)
    return f1, p, r


def speed(args, ids, files):
    import statistics
    bins = [("articast", args.articast)] + ([("reference", args.reference)] if args.reference else [])
    times = {name: [] for name, _ in bins}
    for _ in range(args.runs):
        for name, binary in bins:
            t0 = time.perf_counter()
            for pid in ids:
                subprocess.run([binary, "script", files[pid], "--json"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - t0)
    rate = {name: len(ids) / statistics.median(t) for name, t in times.items()}
    for name, _ in bins:
        print(f"script {name:<9} {rate[name]:.1f} pages/s (median of {args.runs} runs over {len(ids)} pages)")
    if args.reference:
        print(f"ratio articast/reference: {rate['articast'] / rate['reference']:.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articast", default="build/articast")
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus",
                                                     "article-extraction"))
    ap.add_argument("--mode", choices=("spoken", "written", "both"), default="both")
    ap.add_argument("--pages", type=int, default=0, help="score only the first N pages (by id)")
    ap.add_argument("--worst", type=int, default=0, help="list the K pages with the lowest F1")
    ap.add_argument("--save", help="write each page's texts and scores to DIR/MODE.json")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--speed", action="store_true", help="time script over the pages instead of scoring")
    ap.add_argument("--reference", help="with --speed: another articast to time on the same pages")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    gt, ids = load(args.corpus, args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        files = {pid: page_file(args.corpus, tmp, pid) for pid in ids}
        if args.speed:
            speed(args, ids, files)
            return
        for mode in (("spoken", "written") if args.mode == "both" else (args.mode,)):
            score(mode, args, gt, ids, files)


if __name__ == "__main__":
    main()
