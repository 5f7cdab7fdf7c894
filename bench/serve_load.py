#!/usr/bin/env python3
"""Load benchmark of `articast serve` (not a ctest test): the same short
articles rendered by `articast batch -j N` and by the service with N
workers, posted by concurrent clients. Machines are noisy, so the figure
that counts is the RATIO of the two throughputs on the same input and the
same machine (target: serve/batch >= 0.90), beside the server process's
memory while jobs are queued (target: flat).

  python3 bench/serve_load.py --articast build/articast [--articles 200] [--clients 20]
      [--workers N] [--queue Q] [--runs R] [--timeout 1800]

--workers is N for both (default: the cores). --queue bounds the server's
queue (default: the server's own, 1000): with fewer places than articles,
clients get 429 and retry after Retry-After, which shows the refusals are
recovered from (the throughput then measures the clients' waiting too).
Any HTTP answer other than 202 or 429 to a post, or 200 to a status
query, and any failed edition, is an error: the benchmark then exits 1.
The whole run is bounded by --timeout seconds.
"""
import argparse
import http.client
import json
import os
import queue
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from serve_common import Server  # noqa: E402

# The articles are made here, from invented parts: no corpus text.
PLACES = ["Harbourside", "Millbrook", "North Quay", "Elm Valley", "Stonebridge", "Lakeshore", "Westfield",
          "Old Town", "Riverside", "Hillcrest", "Port Ellen", "Ashford"]
BODIES = ["the town council", "the harbour board", "the school trust", "the river authority",
          "the cycling club", "the hospital board", "the library committee", "the farmers' market",
          "the ferry company", "the fire service", "the museum", "the chamber of commerce"]
ACTS = ["approved a plan to", "voted against a proposal to", "announced it will", "is asking residents whether to",
        "has postponed a decision to", "received a grant to", "published a report on how to"]
AIMS = ["repair the sea wall", "extend the evening bus service", "open a second reading room",
        "plant four hundred trees along the river", "rebuild the footbridge", "double the number of bike racks",
        "restore the clock tower", "move the Saturday market indoors", "add a night ferry in summer",
        "fit solar panels on the sports hall"]
DETAILS = ["The work is expected to cost {n} thousand pounds and to take {m} months.",
           "About {n} people attended the meeting on {day}, more than twice the usual number.",
           "A spokesperson said the first phase would begin on {day} and end by the spring.",
           "Residents have until {day} to send comments, by post or online.",
           "The budget for this year is {n} thousand pounds, {m} per cent more than last year.",
           "Officials said {n} households would be affected during the {m} weeks of work.",
           "\"We have waited long enough,\" said one shop owner, who has traded there for {m} years.",
           "The decision follows a survey in which {n} per cent of replies supported the idea.",
           "Opponents said the plan ignored the needs of older residents and the {m} villages nearby."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "the 3rd of March", "the 14th of June",
        "the 21st of September", "the 2nd of November"]


def make_articles(folder, n, seed=23):
    """`n` articles of 2 to 4 short paragraphs; returns their paths."""
    rnd = random.Random(seed)
    os.makedirs(folder)
    paths = []
    for k in range(n):
        place, body, act, aim = rnd.choice(PLACES), rnd.choice(BODIES), rnd.choice(ACTS), rnd.choice(AIMS)
        title = "%s: %s %s %s" % (place, body.capitalize(), act, aim)
        paras = ["%s %s %s, it said on %s." % (body.capitalize(), act, aim, rnd.choice(DAYS))]
        for _ in range(rnd.randint(1, 3)):
            sents = [rnd.choice(DETAILS).format(n=rnd.randint(2, 900), m=rnd.randint(2, 40), day=rnd.choice(DAYS))
                     for _ in range(rnd.randint(2, 3))]
            paras.append(" ".join(sents))
        path = os.path.join(folder, "article-%03d.txt" % k)
        with open(path, "w", encoding="utf-8") as f:
            f.write("%s\n\n%s\n" % (title, "\n\n".join(paras)))
        paths.append(path)
    return paths


def run_batch(articast, src, out, workers, timeout):
    t0 = time.perf_counter()
    p = subprocess.run([articast, "batch", src, "--out-dir", out, "-j", str(workers), "--progress=none"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit("articast batch -j%d failed (exit %d): %s" % (workers, p.returncode,
                                                                       p.stderr.decode(errors="replace")[-500:]))
    return wall


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    """The server's child processes (its workers), from /proc."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        kids = []
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open("/proc/%s/stat" % d) as f:
                        stat = f.read()
                    if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                        kids.append(int(d))
                except (OSError, ValueError):
                    pass
        return kids


class Sampler(threading.Thread):
    """RSS of the server process and the sum over its workers, every 0.2 s."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.samples, self.halt = pid, [], threading.Event()

    def run(self):
        while not self.halt.is_set():
            self.samples.append((time.perf_counter(), rss_kib(self.pid),
                                 sum(rss_kib(c) for c in children(self.pid))))
            self.halt.wait(0.2)


def metric(text, name):
    m = re.search(r"^%s (\S+)$" % re.escape(name), text, re.M)
    return float(m.group(1)) if m else 0.0


def run_serve(articast, paths, data, workers, clients, queue_max, deadline):
    args = ["--workers", str(workers)] + (["--queue", str(queue_max)] if queue_max else [])
    srv = Server(articast, data, *args)
    todo = queue.Queue()
    for p in paths:
        todo.put(p)
    ids, errors, lock = [], [], threading.Lock()
    counts = {"429": 0, "posts": 0}

    def client():
        while time.time() < deadline:
            try:
                path = todo.get_nowait()
            except queue.Empty:
                return
            with open(path, "rb") as f:
                body = f.read()
            while time.time() < deadline:
                c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
                try:
                    c.request("POST", "/v1/editions", body=body, headers={"Content-Type": "text/plain; charset=utf-8"})
                    r = c.getresponse()
                    data_ = r.read()
                    after = r.getheader("Retry-After")
                finally:
                    c.close()
                with lock:
                    counts["posts"] += 1
                if r.status == 429:
                    with lock:
                        counts["429"] += 1
                    time.sleep(float(after or 1))
                    continue
                with lock:
                    if r.status == 202:
                        ids.append(json.loads(data_)["id"])
                    else:
                        errors.append("POST %s: %d %s" % (os.path.basename(path), r.status, data_[:200]))
                break

    sampler = Sampler(srv.proc.pid)
    sampler.start()
    t0 = time.perf_counter()
    w0 = time.time()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    posted = time.perf_counter() - t0
    # until every accepted job is done or failed: /metrics, two a second,
    # so the polling does not take the workers' time
    finished = 0
    while time.time() < deadline:
        status, _, text = srv.request("GET", "/metrics")
        if status != 200:
            errors.append("GET /metrics: %d" % status)
            break
        text = text.decode()
        finished = metric(text, 'articast_jobs_finished_total{outcome="done"}') + \
            metric(text, 'articast_jobs_finished_total{outcome="failed"}')
        if finished >= len(ids) and metric(text, "articast_queue_depth") == 0:
            break
        time.sleep(0.5)
    wall = time.perf_counter() - t0
    # the end is the last job's end in the server's log, not the poll that
    # saw it (up to 0.5 s later); the log's stamps are UTC with ms
    ends = [stamp(x["time"]) for x in srv.lines if x.get("event") in ("done", "failed")]
    day0 = w0 - w0 % 86400
    if ends and len(ends) >= len(ids):
        end = max(ends) + day0
        if end < w0 - 3600:  # past midnight UTC
            end += 86400
        wall = min(wall, end - w0)
    sampler.halt.set()
    sampler.join()
    timed_out = time.time() >= deadline
    failed = 0
    for i in ids:
        status, body, _ = srv.json("GET", "/v1/editions/" + i)
        if status != 200:
            errors.append("GET %s: %d" % (i, status))
        elif body["status"] != "done":
            failed += 1
            if len(errors) < 20:
                errors.append("edition %s: %s %s" % (i, body["status"], body.get("error")))
    rc = srv.stop()
    if rc != 0:
        errors.append("articast serve exited %d after SIGTERM" % rc)
    return {"wall": wall, "posted": posted, "ids": ids, "errors": errors, "failed": failed, "timed_out": timed_out,
            "samples": sampler.samples, "t0": t0, "gaps": worker_gaps(srv.lines), **counts}


def stamp(s):
    """Seconds of the day from the log's "2026-12-04T16:47:47.123Z"."""
    h, m, sec = s[11:-1].split(":")
    return int(h) * 3600 + int(m) * 60 + float(sec)


def worker_gaps(lines):
    """Per job, the seconds a worker spent outside the job's render: from
    its start to its next job's start on the same worker, less the
    render_seconds the worker reported (the parent's bookkeeping between
    the two: the store, the files, the hand-over). From the server's log."""
    starts, render = {}, {}
    for x in lines:
        if x.get("event") == "start":
            starts.setdefault(x["worker"], []).append((stamp(x["time"]), x["id"]))
        elif x.get("event") in ("done", "failed"):
            render[x["id"]] = x.get("render_seconds", 0)
    gaps = []
    for seq in starts.values():
        for (t, i), (t2, _) in zip(seq, seq[1:]):
            if i in render:
                gaps.append(t2 - t - render[i])
    return gaps


def report_serve(args, res):
    n, sw = len(res["ids"]), res["wall"]
    print("serve --workers %d%s: %d clients, %d articles accepted in %d posts (%d answered 429), "
          "all finished in %.2f s, %.2f articles/s"
          % (args.workers, " --queue %d" % args.queue if args.queue else "", args.clients, n, res["posts"],
             res["429"], sw, n / sw if sw else 0))
    print("  all posts answered after %.2f s" % res["posted"])
    g = sorted(res["gaps"])
    if g:
        print("  a worker's time between two jobs beyond the render (from the log): median %.0f ms, "
              "90th percentile %.0f ms, total %.1f s over %d jobs"
              % (1000 * g[len(g) // 2], 1000 * g[int(len(g) * 0.9)], sum(g), len(g)))
    s = res["samples"]
    if s:
        srv = [x[1] for x in s]
        wk = [x[2] for x in s]
        print("  server process RSS (%d samples every 0.2 s over %.1f s): first %.1f MiB, max %.1f MiB, "
              "last %.1f MiB (max - first %+.1f MiB)"
              % (len(s), s[-1][0] - s[0][0], srv[0] / 1024, max(srv) / 1024, srv[-1] / 1024,
                 (max(srv) - srv[0]) / 1024))
        # growth that stops once the posts are in (connections, the store's
        # cache) is not growth per job: the RSS then, and at each quarter
        after = [x[1] for x in s if x[0] - s[0][0] >= res["posted"]] or srv
        q = [after[min(len(after) - 1, len(after) * i // 4)] / 1024 for i in range(5)]
        print("  server process RSS from the last post on, at 0/4 to 4/4 of the time: %s MiB"
              % " ".join("%.1f" % x for x in q))
        print("  workers' RSS, summed: first %.1f MiB, max %.1f MiB, last %.1f MiB"
              % (wk[0] / 1024, max(wk) / 1024, wk[-1] / 1024))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--queue", type=int, default=0, help="the server's --queue (default: its own, 1000)")
    ap.add_argument("--runs", type=int, default=1, help="pairs of runs (batch, then serve); the median ratio")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds for the whole run")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    deadline = time.time() + args.timeout
    tmp = tempfile.mkdtemp(prefix="articast-serve-load-")
    bad, ratios = [], []
    try:
        src = os.path.join(tmp, "in")
        paths = make_articles(src, args.articles)
        print("%d articles, %d to %d bytes, in %s" % (len(paths), min(os.path.getsize(p) for p in paths),
                                                     max(os.path.getsize(p) for p in paths), src))
        for run in range(args.runs):
            out = os.path.join(tmp, "batch-out")
            shutil.rmtree(out, ignore_errors=True)
            bw = run_batch(args.articast, src, out, args.workers, max(1, deadline - time.time()))
            print("run %d: batch -j%d: %d articles in %.2f s, %.2f articles/s"
                  % (run + 1, args.workers, len(paths), bw, len(paths) / bw))
            data = os.path.join(tmp, "data")
            shutil.rmtree(data, ignore_errors=True)
            res = run_serve(args.articast, paths, data, args.workers, args.clients, args.queue, deadline)
            print("run %d: " % (run + 1), end="")
            report_serve(args, res)
            n, sw = len(res["ids"]), res["wall"]
            ratios.append((n / sw) / (len(paths) / bw) if sw and n else 0)
            print("run %d: ratio serve/batch %.3f" % (run + 1, ratios[-1]))
            bad += res["errors"]
            if res["timed_out"]:
                bad.append("--timeout %g s reached" % args.timeout)
            if n != len(paths):
                bad.append("%d of %d articles accepted" % (n, len(paths)))
            if bad:
                break
        print("RATIO serve/batch throughput: %.3f (median of %d; target >= 0.90)"
              % (statistics.median(ratios) if ratios else 0, len(ratios)))
        for e in bad[:20]:
            print("ERROR:", e)
        if bad:
            return 1
        print("no HTTP error but 429; every edition done")
        return 0
    finally:
        if args.keep:
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
