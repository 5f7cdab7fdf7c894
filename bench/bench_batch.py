#!/usr/bin/env python3
"""Batch benchmark (not a ctest test): renders N generated articles with
`articast batch -j1` and `-j2` and prints the speed-up (target: 1.8x or more
on 2 cores) and the peak memory of the largest process (a worker).

  python3 bench/bench_batch.py --articast build/articast [--articles 24] [--runs 3]
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def make_articles(source, folder, n):
    paras = []
    for path in sorted(glob.glob(os.path.join(source, "examples", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            paras += [p.strip() for p in f.read().split("\n\n")[1:] if len(p.strip()) > 80]
    os.makedirs(folder)
    for k in range(n):
        body = "\n\n".join(paras[(k + i) % len(paras)] for i in range(4))
        with open(os.path.join(folder, "article-%03d.txt" % k), "w", encoding="utf-8") as f:
            f.write("Article %d\n\n%s\n" % (k + 1, body))


def run(articast, src, out, jobs):
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    p = subprocess.Popen([articast, "batch", src, "--out-dir", out, "-j", str(jobs), "--progress=none"],
                         stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.stderr.read()
    if status != 0:
        raise SystemExit("articast batch -j%d failed (status %d)" % (jobs, status))
    # ru_maxrss of a waited-for process covers its waited-for children: the
    # largest of the parent and its workers, in KiB.
    return wall, ru.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--articles", type=int, default=24)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="articast-bench-") as tmp:
        src = os.path.join(tmp, "in")
        make_articles(args.source, src, args.articles)
        res = {}
        for jobs in (1, 2):
            walls, rss = [], 0
            for _ in range(args.runs):
                w, r = run(args.articast, src, os.path.join(tmp, "out"), jobs)
                walls.append(w)
                rss = max(rss, r)
            res[jobs] = (statistics.median(walls), rss)
            print("-j%d: %d articles in %.2f s (median of %d), %.1f articles/s, peak RSS per worker %.1f MiB"
                  % (jobs, args.articles, res[jobs][0], args.runs, args.articles / res[jobs][0], rss / 1024))
        speedup = res[1][0] / res[2][0]
        print("speed-up -j2 over -j1: %.2fx (target >= 1.8x on 2 cores; this machine has %d)"
              % (speedup, os.cpu_count()))


if __name__ == "__main__":
    main()
