#!/usr/bin/env python3
"""Tests for `articast batch`: a folder of generated articles rendered by
worker processes, resume after an interrupted run, bad articles among good
ones, shard coverage, manifest names that try to leave the output folder,
a killed worker, the JSON-lines progress, and the --results file (its
lines, after a kill, from concurrent shards, the paths it refuses, and a
file that can take no more).

usage: batch.py --articast BIN --source DIR {folder,resume,sigterm,bad,shard,manifest,crash,timeout,jsonl,
                                             results,results_kill,results_shards,results_refuse,
                                             results_full}
"""
import argparse
import glob
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

FAILURES = []
FAST = ["--loudness", "off", "--quality", "9"]


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)
    return cond


def paragraphs(source):
    """Paragraphs of the example articles, to build short articles from."""
    out = []
    for path in sorted(glob.glob(os.path.join(source, "examples", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            parts = [p.strip() for p in f.read().split("\n\n")]
        out += [p for p in parts[1:] if len(p) > 80 and "\n" not in p]
    return out


def make_articles(source, folder, n, long_first=False):
    """n short articles (a title and one paragraph), some in subfolders;
    with long_first, 00-long.txt reads many paragraphs, so it takes long."""
    paras = paragraphs(source)
    names = []
    for k in range(n):
        sub = "" if k % 3 else "section%d" % (k % 2)
        path = os.path.join(folder, sub, "story-%02d.txt" % k)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("Story number %d\n\n%s\n" % (k + 1, paras[k % len(paras)][:300]))
        names.append(os.path.relpath(path, folder))
    if long_first:
        with open(os.path.join(folder, "00-long.txt"), "w", encoding="utf-8") as f:
            f.write("A long story\n\n" + "\n\n".join(paras * 3) + "\n")
        names.insert(0, "00-long.txt")
    return names


def mp3_name(rel):
    return os.path.splitext(rel)[0] + ".mp3"


def batch(args, *extra, **kw):
    cmd = [args.articast, "batch", *extra, *FAST]
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def events(stderr):
    """The JSON events on stderr; every line must parse."""
    out = []
    for line in stderr.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            check(False, "progress line is not JSON: %r" % line)
    return out


def valid_mp3(path):
    r = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-of", "json", path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return False
    return float(json.loads(r.stdout)["format"].get("duration", 0)) > 0.5


def leftovers(folder):
    """Temporary files a clean stop must not leave behind."""
    bad = []
    for root, _, files in os.walk(folder):
        bad += [os.path.join(root, f) for f in files if f.startswith(".") or ".tmp" in f]
    return bad


def test_folder(args, tmp):
    names = make_articles(args.source, os.path.join(tmp, "in"), 12)
    out = os.path.join(tmp, "out")
    r = batch(args, os.path.join(tmp, "in"), "--out-dir", out, "-j2", "--progress=jsonl", "--vtt",
              "--chapters-json")
    check(r.returncode == 0, "folder: exit %d: %s" % (r.returncode, r.stderr[-2000:]))
    for rel in names:
        mp3 = os.path.join(out, mp3_name(rel))
        stem = os.path.splitext(mp3)[0]
        check(os.path.isfile(mp3) and valid_mp3(mp3), "folder: %s missing or invalid" % mp3)
        check(os.path.isfile(mp3 + ".articast"), "folder: no stamp for %s" % mp3)
        check(os.path.isfile(stem + ".vtt"), "folder: no %s.vtt" % stem)
        check(os.path.isfile(stem + ".chapters.json"), "folder: no %s.chapters.json" % stem)
    fin = [e for e in events(r.stderr) if e["event"] == "finish"]
    check(fin and fin[0]["done"] == 12 and fin[0]["failed"] == 0, "folder: finish event %r" % fin)
    pids = {e["pid"] for e in events(r.stderr) if e["event"] == "start"}
    check(len(pids) == 2, "folder: expected 2 workers, saw pids %r" % pids)
    # a second run with --resume does nothing
    r = batch(args, os.path.join(tmp, "in"), "--out-dir", out, "-j2", "--progress=jsonl", "--vtt",
              "--chapters-json", "--resume")
    fin = [e for e in events(r.stderr) if e["event"] == "finish"]
    check(r.returncode == 0 and fin and fin[0]["skipped"] == 12 and fin[0]["done"] == 0,
          "resume of a finished batch: %r" % fin)
    # changed options make the outputs out of date
    r = subprocess.run([args.articast, "batch", os.path.join(tmp, "in"), "--out-dir", out, "-j2",
                        "--progress=jsonl", "--vtt", "--chapters-json", "--resume", "--loudness", "off",
                        "--quality", "8"], capture_output=True, text=True)
    fin = [e for e in events(r.stderr) if e["event"] == "finish"]
    check(r.returncode == 0 and fin and fin[0]["done"] == 12, "resume with other options: %r" % fin)
    # and an edited input is done again, alone
    first = os.path.join(tmp, "in", names[0])
    with open(first, "a", encoding="utf-8") as f:
        f.write("\nOne more sentence.\n")
    r = subprocess.run([args.articast, "batch", os.path.join(tmp, "in"), "--out-dir", out, "-j2",
                        "--progress=jsonl", "--vtt", "--chapters-json", "--resume", "--loudness", "off",
                        "--quality", "8"], capture_output=True, text=True)
    done = [e["output"] for e in events(r.stderr) if e["event"] == "done"]
    check(done == [mp3_name(names[0])], "resume after an edit redid %r" % done)


def test_resume(args, tmp, sig=signal.SIGINT):
    names = make_articles(args.source, os.path.join(tmp, "in"), 12, long_first=True)
    out = os.path.join(tmp, "out")
    cmd = [args.articast, "batch", os.path.join(tmp, "in"), "--out-dir", out, "-j2", "--progress=jsonl", *FAST]
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    done = 0
    for line in p.stderr:
        if json.loads(line)["event"] == "done":
            done += 1
            if done == 3:
                p.send_signal(sig)
                break
    p.stderr.read()
    rc = p.wait()
    check(rc == 128 + sig, "interrupted batch: exit %d, expected %d" % (rc, 128 + sig))
    check(not leftovers(out), "interrupted batch left %r" % leftovers(out))
    have = {}
    for rel in names:
        mp3 = os.path.join(out, mp3_name(rel))
        check(os.path.exists(mp3) == os.path.exists(mp3 + ".articast"),
              "after the stop, %s and its stamp disagree" % mp3)
        if os.path.exists(mp3 + ".articast"):
            have[mp3] = (os.stat(mp3).st_mtime_ns, os.stat(mp3 + ".articast").st_mtime_ns)
    check(3 <= len(have) < len(names), "interrupted batch finished %d of %d" % (len(have), len(names)))
    r = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
    check(r.returncode == 0, "resume: exit %d: %s" % (r.returncode, r.stderr[-2000:]))
    ev = events(r.stderr)
    skipped = {os.path.join(out, e["output"]) for e in ev if e["event"] == "skip"}
    redone = {os.path.join(out, e["output"]) for e in ev if e["event"] == "done"}
    check(skipped == set(have), "resume skipped %d, expected the %d finished" % (len(skipped), len(have)))
    check(len(redone) == len(names) - len(have), "resume redid %d, expected %d" % (len(redone), len(names) - len(have)))
    for mp3, times in have.items():
        check((os.stat(mp3).st_mtime_ns, os.stat(mp3 + ".articast").st_mtime_ns) == times,
              "resume rewrote %s" % mp3)
    for rel in names:
        check(valid_mp3(os.path.join(out, mp3_name(rel))), "after resume, %s missing or invalid" % rel)


def test_bad(args, tmp):
    src = os.path.join(tmp, "in")
    make_articles(args.source, src, 4)
    open(os.path.join(src, "empty.txt"), "w").close()
    with open(os.path.join(src, "binary.txt"), "wb") as f:
        f.write(b"Title\n\n\x00\x01\x02\xff" * 50)
    out = os.path.join(tmp, "out")
    r = batch(args, src, os.path.join(tmp, "missing.txt"), "--out-dir", out, "-j2", "--progress=none")
    check(r.returncode == 1, "bad articles: exit %d, expected 1" % r.returncode)
    check("4 done, 0 skipped, 3 failed of 7" in r.stderr, "bad articles: summary: %s" % r.stderr)
    for what in ("empty.txt", "binary.txt", "missing.txt"):
        check(any(what in l and "failed" in l for l in r.stderr.splitlines()), "no reason logged for " + what)
    check(len(glob.glob(os.path.join(out, "**", "*.mp3"), recursive=True)) == 4, "bad articles: outputs")
    r = batch(args, src, "--out-dir", os.path.join(tmp, "ff"), "-j1", "--progress=jsonl", "--fail-fast")
    fin = [e for e in events(r.stderr) if e["event"] == "finish"][0]
    check(r.returncode == 1 and fin["failed"] == 1 and fin["done"] < 4 + 2,
          "fail-fast: exit %d, %r" % (r.returncode, fin))


def fnv1a(s):
    h = 14695981039346656037
    for b in s.encode():
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def test_shard(args, tmp):
    names = make_articles(args.source, os.path.join(tmp, "in"), 12)
    out = os.path.join(tmp, "out")
    n = 3
    seen = []
    for k in range(1, n + 1):
        r = batch(args, os.path.join(tmp, "in"), "--out-dir", out, "-j2", "--progress=jsonl",
                  "--shard", "%d/%d" % (k, n))
        check(r.returncode == 0, "shard %d/%d: exit %d: %s" % (k, n, r.returncode, r.stderr[-1000:]))
        got = [e["output"] for e in events(r.stderr) if e["event"] == "done"]
        want = sorted(mp3_name(x) for x in names if fnv1a(x) % n == k - 1)
        check(sorted(got) == want, "shard %d/%d did %r, expected %r" % (k, n, sorted(got), want))
        seen += got
    check(sorted(seen) == sorted(mp3_name(x) for x in names), "shards together: %r" % sorted(seen))
    for bad in ("3/2", "0/2", "1/0", "x/2", "1/2/3"):
        r = batch(args, os.path.join(tmp, "in"), "--out-dir", out, "--shard", bad)
        check(r.returncode == 2, "--shard %s: exit %d, expected 2" % (bad, r.returncode))


def test_manifest(args, tmp):
    src = os.path.join(tmp, "work", "articles")
    names = make_articles(args.source, src, 4)
    out = os.path.join(tmp, "work", "out")
    man = os.path.join(tmp, "work", "manifest.jsonl")
    rows = [{"input": "articles/" + names[0], "output": "../../etc/passwd"},
            {"input": "articles/" + names[1], "output": "/tmp/evil"},
            {"input": "articles/" + names[2], "output": "same", "narrator": "anchor"},
            {"input": "articles/" + names[3], "output": "same.mp3", "title": "T"}]
    with open(man, "w") as f:
        f.write("\n".join(json.dumps(r) for r in rows) + "\n")
    r = batch(args, "--manifest", man, "--out-dir", out, "-j2", "--progress=jsonl")
    check(r.returncode == 0, "manifest: exit %d: %s" % (r.returncode, r.stderr[-2000:]))
    outs = sorted(e["output"] for e in events(r.stderr) if e["event"] in ("done", "fail"))
    check(outs == ["etc/passwd.mp3", "same-2.mp3", "same.mp3", "tmp/evil.mp3"], "manifest names: %r" % outs)
    r = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-of", "json", os.path.join(out, "same-2.mp3")],
                       capture_output=True, text=True)
    tags = json.loads(r.stdout or "{}").get("format", {}).get("tags", {})
    check(tags.get("title") == "T", "manifest title: tags %r" % tags)
    for o in outs:
        real = os.path.realpath(os.path.join(out, o))
        check(real.startswith(os.path.realpath(out) + os.sep), "manifest output %s escapes" % real)
    check(not os.path.exists(os.path.join(tmp, "etc")) and not os.path.exists("/tmp/evil.mp3"),
          "manifest wrote outside the output folder")
    # a symbolic link inside the output folder is no way out either
    os.makedirs(os.path.join(tmp, "elsewhere"))
    os.symlink(os.path.join(tmp, "elsewhere"), os.path.join(out, "link"))
    with open(man, "w") as f:
        f.write(json.dumps({"input": "articles/" + names[0], "output": "link/x"}) + "\n")
    r = batch(args, "--manifest", man, "--out-dir", out, "--progress=none")
    check(r.returncode == 1 and not os.listdir(os.path.join(tmp, "elsewhere")),
          "symlink escape: exit %d, %r" % (r.returncode, os.listdir(os.path.join(tmp, "elsewhere"))))
    # an unknown narrator fails that article, naming manifest:line
    with open(man, "w") as f:
        f.write(json.dumps({"input": "articles/" + names[0], "output": "n", "voice": "nobody"}) + "\n")
    r = batch(args, "--manifest", man, "--out-dir", out, "--progress=none")
    check(r.returncode == 1 and (man + ":1:") in r.stderr and "nobody" in r.stderr,
          "unknown narrator: exit %d: %s" % (r.returncode, r.stderr))
    # a malformed line is an error naming manifest:line
    with open(man, "w") as f:
        f.write(json.dumps(rows[0]) + "\n\n{\"input\": \n")
    r = batch(args, "--manifest", man, "--out-dir", out)
    check(r.returncode == 3 and (man + ":3:") in r.stderr, "malformed manifest: exit %d: %s" % (r.returncode, r.stderr))
    with open(man, "w") as f:
        f.write(json.dumps({"input": "a.txt", "outptu": "x"}) + "\n")
    r = batch(args, "--manifest", man, "--out-dir", out)
    check(r.returncode == 3 and (man + ":1:") in r.stderr and "outptu" in r.stderr,
          "unknown manifest key: exit %d: %s" % (r.returncode, r.stderr))


def test_crash(args, tmp):
    names = make_articles(args.source, os.path.join(tmp, "in"), 6, long_first=True)
    out = os.path.join(tmp, "out")
    cmd = [args.articast, "batch", os.path.join(tmp, "in"), "--out-dir", out, "-j2", "--progress=jsonl", *FAST]
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    lines = []
    killed = None
    for line in p.stderr:
        lines.append(line)
        ev = json.loads(line)
        if ev["event"] == "start" and ev["output"] == "00-long.mp3" and killed is None:
            killed = ev["pid"]
            os.kill(killed, signal.SIGKILL)
    rc = p.wait()
    ev = events("".join(lines))
    crash = [e for e in ev if e["event"] == "crash"]
    check(crash and crash[0]["pid"] == killed and crash[0]["signal"] == 9, "crash not reported: %r" % crash)
    starts = [e for e in ev if e["event"] == "start" and e["output"] == "00-long.mp3"]
    check(len(starts) == 2, "crashed article started %d times, expected 2 (one retry)" % len(starts))
    check(rc == 0, "batch after a crash: exit %d" % rc)
    check(not leftovers(out), "the crashed worker's temporary files stayed: %r" % leftovers(out))
    for rel in names:
        check(valid_mp3(os.path.join(out, mp3_name(rel))), "after a crash, %s missing" % rel)


def test_timeout(args, tmp):
    make_articles(args.source, os.path.join(tmp, "in"), 3, long_first=True)
    # the long article four times over (seconds of rendering on a fast
    # machine, and cut at the limit, so its length costs nothing) and a
    # limit of 3 s: a 1 s limit left a short article, whose time includes
    # its worker's start, little room under ASan on a loaded machine
    long_path = os.path.join(tmp, "in", "00-long.txt")
    with open(long_path, encoding="utf-8") as f:
        text = f.read()
    with open(long_path, "w", encoding="utf-8") as f:
        f.write(text + ("\n" + text.split("\n\n", 1)[1]) * 3)
    out = os.path.join(tmp, "out")
    r = batch(args, os.path.join(tmp, "in"), "--out-dir", out, "-j2", "--progress=jsonl", "--timeout", "3.0")
    ev = events(r.stderr)
    crash = [e for e in ev if e["event"] == "crash"]
    fail = [e for e in ev if e["event"] == "fail"]
    fin = ev[-1] if ev else {}
    check(r.returncode == 1, "timeout: exit %d" % r.returncode)
    check(len(crash) == 2 and all(e["output"] == "00-long.mp3" for e in crash), "timeout: crashes %r" % crash)
    check(len(fail) == 1 and "longer than" in fail[0]["reason"], "timeout: %r" % fail)
    check(fin.get("done") == 3 and fin.get("failed") == 1, "timeout: finish %r" % fin)
    check(not leftovers(out), "timeout left %r" % leftovers(out))


def test_jsonl(args, tmp):
    make_articles(args.source, os.path.join(tmp, "in"), 3)
    r = batch(args, os.path.join(tmp, "in"), os.path.join(tmp, "nope.txt"), "--out-dir",
              os.path.join(tmp, "out"), "-j2", "--progress=jsonl")
    ev = events(r.stderr)
    kinds = [e["event"] for e in ev]
    check(kinds and kinds[0] == "plan" and kinds[-1] == "finish", "jsonl: events %r" % kinds)
    check(kinds.count("start") == 4 and kinds.count("done") == 3 and kinds.count("fail") == 1, "jsonl: %r" % kinds)
    for e in ev:
        for key in ("total", "done", "skipped", "failed", "audio_hours", "elapsed"):
            check(key in e, "jsonl: %s missing in %r" % (key, e))
    fail = [e for e in ev if e["event"] == "fail"][0]
    check("nope.txt" in fail["reason"] and fail["status"].startswith("EINPUT"), "jsonl fail: %r" % fail)
    check(ev[-1]["audio_hours"] > 0, "jsonl: no audio counted")
    for e in ev:
        if e["event"] == "done":
            mp3 = os.path.join(tmp, "out", e["output"])
            check(e.get("outputs") == [mp3] and os.path.isfile(mp3), "jsonl: done outputs %r" % e)


def result_lines(path, what):
    """The --results lines of `path`: each must end with a newline and
    parse as a JSON object."""
    with open(path, "rb") as f:
        data = f.read()
    check(data.endswith(b"\n") or not data, "%s: the file ends inside a line: %r" % (what, data[-200:]))
    out = []
    for line in data.split(b"\n")[:-1]:
        try:
            out.append(json.loads(line))
        except ValueError:
            check(False, "%s: a line is not JSON: %r" % (what, line[:300]))
            continue
        check(isinstance(out[-1], dict), "%s: a line is not an object: %r" % (what, line[:300]))
    return out


def test_results(args, tmp):
    """--results: a line per article as it ends (ok, failed, skipped), with
    its outputs, error and durations; a --resume run appends."""
    src = os.path.join(tmp, "in")
    names = make_articles(args.source, src, 3)
    one, three = os.path.join(src, names[1]), os.path.join(src, names[2])
    bad = os.path.join(src, "bad.txt")
    open(bad, "w").close()
    out, res = os.path.join(tmp, "out"), os.path.join(tmp, "results.jsonl")
    t0 = time.monotonic()
    r = batch(args, one, bad, three, "--out-dir", out, "-j1", "--progress=none", "--vtt", "--chapters-json",
              "--results", res)
    wall = time.monotonic() - t0
    check(r.returncode == 1, "results: exit %d, expected 1: %s" % (r.returncode, r.stderr[-2000:]))
    if not check(os.path.isfile(res), "results: no results file"):
        return
    lines = result_lines(res, "results")
    check([l.get("status") for l in lines] == ["ok", "failed", "ok"], "results: statuses %r" % lines)
    check([l.get("input") for l in lines] == [one, bad, three], "results: inputs %r" % lines)
    for l in lines:
        for key in ("input", "outputs", "status", "error", "code", "exit", "audio_seconds", "elapsed_seconds",
                    "time"):
            check(key in l, "results: %s missing in %r" % (key, l))
        check(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", l.get("time", "")), "results: time %r" % l)
        # seconds, within the batch's own run: a fixed 120 s bound had no
        # meaning under valgrind on a loaded machine, while a count in
        # milliseconds still exceeds this one
        check(isinstance(l.get("elapsed_seconds"), float) and 0 <= l["elapsed_seconds"] <= wall,
              "results: elapsed_seconds %r, the batch ran %.2f s" % (l, wall))
    for l, name in ((lines[0], "story-01"), (lines[2], "story-02")):
        want = [os.path.join(out, name + ext) for ext in (".mp3", ".vtt", ".chapters.json")]
        check(l.get("outputs") == want, "results: outputs %r, expected %r" % (l.get("outputs"), want))
        check(all(os.path.isfile(o) for o in l.get("outputs", [])), "results: a listed output is missing: %r" % l)
        check(valid_mp3(want[0]), "results: %s is not valid MP3" % want[0])
        check(l.get("error") is None and l.get("code") == "OK" and l.get("exit") == 0, "results: ok line %r" % l)
        check(isinstance(l.get("audio_seconds"), float) and l["audio_seconds"] > 0.5, "results: audio %r" % l)
    failed = lines[1]
    check("bad.txt" in (failed.get("error") or "") and failed.get("code") == "EINPUT" and failed.get("exit") == 3,
          "results: failed line %r" % failed)
    check(failed.get("outputs") == [] and failed.get("audio_seconds") is None, "results: failed line %r" % failed)
    # a resumed batch appends: the finished articles are skipped, the bad one fails again
    with open(res, "rb") as f:
        before = f.read()
    r = batch(args, one, bad, three, "--out-dir", out, "-j2", "--progress=none", "--vtt", "--chapters-json",
              "--resume", "--results", res)
    check(r.returncode == 1, "results resume: exit %d: %s" % (r.returncode, r.stderr[-2000:]))
    with open(res, "rb") as f:
        after = f.read()
    check(after.startswith(before), "results resume: the earlier lines were not kept")
    more = result_lines(res, "results resume")[3:]
    check(sorted((l.get("input"), l.get("status")) for l in more) ==
          sorted([(one, "skipped"), (bad, "failed"), (three, "skipped")]), "results resume: %r" % more)
    for l in more:
        if l.get("status") == "skipped":
            check(l.get("outputs") and all(os.path.isfile(o) for o in l["outputs"]) and l.get("error") is None,
                  "results resume: skipped line %r" % l)


    # a path that is not UTF-8 still has its fields, with U+FFFD for the bad byte
    latin = os.path.join(tmp, os.fsdecode(b"caf\xe9.txt"))
    with open(one, "rb") as f, open(latin, "wb") as g:
        g.write(f.read())
    res2 = os.path.join(tmp, "latin.jsonl")
    r = batch(args, latin, "--out-dir", out, "--progress=jsonl", "--results", res2)
    lines = result_lines(res2, "results latin-1")
    check(len(lines) == 1 and lines[0].get("input") == os.path.join(tmp, "caf\ufffd.txt") and
          lines[0].get("outputs") == [os.path.join(out, "caf\ufffd.mp3")], "results latin-1: %r" % lines)
    done = [e for e in events(r.stderr) if e["event"] == "done"]
    check(done and done[0].get("input") == lines[0].get("input"), "results latin-1: progress %r" % done)


def test_results_kill(args, tmp):
    """A batch killed (SIGKILL, every process) while it appends leaves only
    whole lines, and a resumed batch appends after them."""
    names = make_articles(args.source, os.path.join(tmp, "in"), 12)
    # one worker holds a longer article (a third of long_first's, ~2 s)
    # while the other appends lines, so the kill lands mid-batch
    with open(os.path.join(tmp, "in", "00-long.txt"), "w", encoding="utf-8") as f:
        f.write("A long story\n\n" + "\n\n".join(paragraphs(args.source)) + "\n")
    names.insert(0, "00-long.txt")
    out, res = os.path.join(tmp, "out"), os.path.join(tmp, "results.jsonl")
    cmd = [args.articast, "batch", os.path.join(tmp, "in"), "--out-dir", out, "-j2", "--progress=none",
           "--vtt", "--results", res, *FAST]
    p = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and p.poll() is None:
        if os.path.exists(res) and os.path.getsize(res) > 0:
            break
        time.sleep(0.002)
    os.killpg(p.pid, signal.SIGKILL)
    rc = p.wait()
    check(rc == -signal.SIGKILL, "results kill: the batch ended (exit %d) before the kill" % rc)
    lines = result_lines(res, "results kill")
    check(1 <= len(lines) < len(names), "results kill: %d lines of %d articles" % (len(lines), len(names)))
    r = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
    check(r.returncode == 0, "results kill, resume: exit %d: %s" % (r.returncode, r.stderr[-2000:]))
    lines = result_lines(res, "results kill, resume")
    ok = {l["input"] for l in lines if l.get("status") in ("ok", "skipped")}
    check(ok == {os.path.join(tmp, "in", n) for n in names},
          "results kill, resume: %d of %d articles accounted for" % (len(ok), len(names)))


def test_results_shards(args, tmp):
    """Two shards (as Slurm array tasks) append to one results file at the
    same time, lines far over PIPE_BUF: every line whole, each article once."""
    deep = os.path.join(tmp, "in", *(["a-rather-long-folder-name-to-make-long-paths-%d" % k for k in range(14)]))
    names = make_articles(args.source, deep, 12)
    out, res = os.path.join(tmp, "out"), os.path.join(tmp, "results.jsonl")
    procs = [subprocess.Popen([args.articast, "batch", os.path.join(tmp, "in"), "--out-dir", out, "-j2",
                               "--progress=none", "--vtt", "--srt", "--chapters-json", "--ffmetadata",
                               "--shard", "%d/2" % k, "--results", res, *FAST], stderr=subprocess.PIPE, text=True)
             for k in (1, 2)]
    for k, p in enumerate(procs, 1):
        err = p.stderr.read()
        check(p.wait() == 0, "results shard %d/2: exit %d: %s" % (k, p.returncode, err[-2000:]))
    lines = result_lines(res, "results shards")
    check(max((len(json.dumps(l)) for l in lines), default=0) > 4096, "results shards: the lines are short")
    inputs = sorted(l.get("input") for l in lines if l.get("status") == "ok")
    check(inputs == sorted(os.path.join(deep, n) for n in names),
          "results shards: %d ok lines, %d distinct, for %d articles" % (len(inputs), len(set(inputs)), len(names)))


def test_results_refuse(args, tmp):
    """A results path that is a symbolic link (to a file, or to nothing
    yet), a FIFO or a folder is refused before any article is rendered."""
    src = os.path.join(tmp, "in")
    names = make_articles(args.source, src, 1)
    out = os.path.join(tmp, "out")
    target = os.path.join(tmp, "target.txt")
    with open(target, "w") as f:
        f.write("keep me\n")
    os.symlink(target, os.path.join(tmp, "link.jsonl"))
    os.symlink(os.path.join(tmp, "new.txt"), os.path.join(tmp, "dangling.jsonl"))
    os.mkfifo(os.path.join(tmp, "fifo.jsonl"))
    for name, why in (("link.jsonl", "symbolic link"), ("dangling.jsonl", "symbolic link"),
                      ("fifo.jsonl", "FIFO"), ("in", "folder")):
        path = os.path.join(tmp, name)
        r = batch(args, src, "--out-dir", out, "--progress=none", "--results", path, timeout=60)
        check(r.returncode == 4 and path in r.stderr and why in r.stderr,
              "results %s: exit %d: %s" % (name, r.returncode, r.stderr))
        check(not glob.glob(os.path.join(out, "**", "*.mp3"), recursive=True),
              "results %s: an article was rendered" % name)
    with open(target) as f:
        check(f.read() == "keep me\n", "results: the symbolic link's target was written")
    r = subprocess.run([args.articast, "render", os.path.join(src, names[0]), "-o",
                        os.path.join(tmp, "x.mp3"), "--results", os.path.join(tmp, "r.jsonl")],
                       capture_output=True, text=True)
    check(r.returncode == 2 and "--results" in r.stderr and not os.path.exists(os.path.join(tmp, "r.jsonl")),
          "render --results: exit %d: %s" % (r.returncode, r.stderr))
    check(not os.path.exists(os.path.join(tmp, "new.txt")), "results: a file was made through a dangling link")


def test_results_full(args, tmp):
    """A results file that can take no more (a full disk, here a file-size
    limit at its current size) is reported, the batch still renders, and
    exits 4 with the file's lines left whole."""
    make_articles(args.source, os.path.join(tmp, "in"), 2)
    out, res = os.path.join(tmp, "out"), os.path.join(tmp, "results.jsonl")
    with open(res, "w") as f:
        f.write(json.dumps({"padding": "x" * (8 << 20)}) + "\n")
    size = os.path.getsize(res)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    r = batch(args, os.path.join(tmp, "in"), "--out-dir", out, "-j1", "--progress=none", "--results", res,
              preexec_fn=limit)
    check(r.returncode == 4 and "--results " + res in r.stderr and "cannot write" in r.stderr,
          "results full: exit %d: %s" % (r.returncode, r.stderr[-2000:]))
    check(r.stderr.count("cannot write") == 1, "results full: reported more than once: %s" % r.stderr)
    check(len(glob.glob(os.path.join(out, "**", "*.mp3"), recursive=True)) == 2, "results full: outputs")
    check(os.path.getsize(res) == size and len(result_lines(res, "results full")) == 1, "results full: the file")


TESTS = {"folder": test_folder, "resume": test_resume,
         "sigterm": lambda args, tmp: test_resume(args, tmp, signal.SIGTERM), "bad": test_bad, "shard": test_shard,
         "manifest": test_manifest, "crash": test_crash, "timeout": test_timeout, "jsonl": test_jsonl,
         "results": test_results, "results_kill": test_results_kill, "results_shards": test_results_shards,
         "results_refuse": test_results_refuse, "results_full": test_results_full}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("test", choices=sorted(TESTS))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="articast-batch-") as tmp:
        TESTS[args.test](args, tmp)
    if FAILURES:
        print("%d check(s) failed" % len(FAILURES))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
