#!/usr/bin/env python3
"""articast serve when things go wrong (issue 23): the real server on a
loopback port, stopped hard or softly while it has work in hand.

  kill9    20 accepted jobs, kill -9 with all of them queued and again
           with some done; no worker outlives the server; a restart on
           the same --data finishes every job exactly once (the logs of
           both runs, the webhook receiver, the status answers and the
           MP3s agree) and leaves no temporary file behind.
  webhook  deliveries signed with HMAC-SHA256 of the raw body, for done
           and failed jobs; a receiver answering 500 gets retries at
           growing intervals; a delivery still owed when the server is
           killed arrives, the same bytes and signature, after a
           restart; a missing or short secret is a usage error (exit 2).
  drain    SIGTERM with one job running: no new connection is served,
           the job finishes, exit 0, queued jobs wait for the restart;
           with --drain-timeout 0 the running job is interrupted,
           requeued, and rendered once by the restart.

Usage: serve_durability.py --articast BIN --source DIR [--keep] MODE
Exit 0 pass, 1 fail.
"""
import argparse
import hashlib
import hmac
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_common import Server  # noqa: E402


class Failed(Exception):
    pass


def check(cond, msg, *args):
    if not cond:
        raise Failed(msg % args if args else msg)


def wait_for(what, cond, timeout=120, step=0.05):
    """Polls `cond` until it returns something true; that value."""
    end = time.time() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.time() > end:
            raise Failed("timed out after %ds waiting for %s" % (timeout, what))
        time.sleep(step)


# ---- Articles ---------------------------------------------------------------
# Short local-news items, made up here, different for every index so no two
# jobs carry the same article (a double render could not hide behind a
# cache or a duplicate).

TOWNS = ["Ashford Vale", "Kelby", "Northmoor", "Linwick", "Brackenridge", "Port Evin", "Calder Bay"]
PLACES = ["library", "bus depot", "swimming pool", "community garden", "fire station", "museum",
          "market hall", "cycle path", "primary school", "harbour wall", "skate park"]
PEOPLE = ["Ruth Okafor", "Tomas Berg", "Amina Shah", "Peter Lund", "Grace Moyo", "Daniel Reyes",
          "Ines Carvalho", "Marek Nowak"]
MONTHS = ["March", "April", "May", "June", "September", "October"]


def article(i):
    town, place = TOWNS[i % len(TOWNS)], PLACES[(i * 3) % len(PLACES)]
    who, month = PEOPLE[(i * 5) % len(PEOPLE)], MONTHS[i % len(MONTHS)]
    paras = [
        "The council in %s has approved a plan to rebuild the %s, which closed last winter after a "
        "storm damaged its roof. Work should start in %s and take about %d weeks." % (town, place, month, 6 + i % 9),
        "\"We have waited a long time for this,\" said %s, who chairs the residents' group. \"People want "
        "somewhere to meet again, and the %s was always that place.\"" % (who, place),
    ]
    if i % 2 == 0:
        paras.append("The work will cost %d thousand pounds. About %d volunteers have offered to paint and "
                     "plant once the builders leave." % (120 + 15 * i, 10 + i))
    return {"text": "\n\n".join(paras), "title": "The %s in %s, notice %d" % (place, town, i + 1)}


def long_text(source, times):
    """The example articles, end to end, `times` over: a render of some
    seconds."""
    parts = []
    for name in sorted(os.listdir(os.path.join(source, "examples"))):
        if name.endswith(".txt"):
            with open(os.path.join(source, "examples", name), encoding="utf-8") as f:
                parts.append(f.read().strip())
    text = "\n\n".join(parts * times)
    check(0 < len(text.encode()) < 1_000_000, "the long article is %d bytes", len(text.encode()))
    return text


# ---- A webhook receiver -----------------------------------------------------

class Receiver:
    """An HTTP server on a free loopback port that records every POST (its
    arrival time, headers, raw body and what it answered) and answers
    `self.answer`."""

    def __init__(self):
        self.calls = []
        self.answer = 200
        self.lock = threading.Lock()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                code = owner.answer
                with owner.lock:
                    owner.calls.append({"time": time.time(), "headers": {k.lower(): v for k, v in self.headers.items()},
                                        "body": body, "answer": code, "path": self.path})
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d/hook" % self.httpd.server_address[1]

    def snapshot(self):
        with self.lock:
            return list(self.calls)

    def for_job(self, job):
        out = []
        for c in self.snapshot():
            try:
                if json.loads(c["body"]).get("id") == job:
                    out.append(c)
            except ValueError:
                pass
        return out

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def signed_ok(call, secret):
    sig = call["headers"].get("x-articast-signature", "")
    want = "sha256=" + hmac.new(secret, call["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(sig, want)


def write_secret(path, secret):
    with open(path, "wb") as f:
        f.write(secret + b"\n")


# ---- What the server left ---------------------------------------------------

def temporaries(data):
    """Files or folders in `data` whose names mark a write in progress."""
    found = []
    for root, dirs, files in os.walk(data):
        for n in dirs + files:
            if n.startswith(".articast.") or n.startswith(".new."):
                found.append(os.path.relpath(os.path.join(root, n), data))
    return sorted(found)


def proc_stat(pid):
    """(state, ppid, start time) of a process, or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    rest = s[s.rindex(")") + 2:].split()
    return rest[0], int(rest[1]), int(rest[19])


def children(pid):
    """{child pid: start time} of the processes whose parent is `pid`."""
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = proc_stat(int(name))
            if st and st[1] == pid:
                out[int(name)] = st[2]
    return out


def alive(pid, started):
    st = proc_stat(pid)
    return st is not None and st[2] == started and st[0] not in ("Z", "X")


def mp3_frame_at(data):
    """The offset of the first MPEG audio frame, past an ID3v2 tag, or -1."""
    off = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        off = 10 + size + (10 if data[5] & 0x10 else 0)
    if len(data) > off + 4 and data[off] == 0xFF and (data[off + 1] & 0xE0) == 0xE0:
        return off
    return -1


def ffprobe_seconds(path):
    """The duration ffprobe reads from an MP3, or None without ffprobe."""
    if not shutil.which("ffprobe"):
        return None
    r = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=format_name,duration", "-of", "json",
                        path], capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, "ffprobe %s: %s", path, r.stderr.strip())
    fmt = json.loads(r.stdout)["format"]
    check(fmt.get("format_name") == "mp3", "ffprobe %s: format %s", path, fmt.get("format_name"))
    return float(fmt["duration"])


def check_edition(srv, job, tmp):
    """The job's status says done and lists its MP3, which is a real MP3
    of the length the status gives."""
    status, body, _ = srv.json("GET", "/v1/editions/" + job)
    check(status == 200 and body["status"] == "done", "GET %s: %s %s", job, status, body)
    mp3 = [f for f in body.get("files", []) if f["name"].endswith(".mp3")]
    check(len(mp3) == 1, "edition %s lists %s", job, body.get("files"))
    status, _, data = srv.request("GET", mp3[0]["url"])
    check(status == 200 and len(data) == mp3[0]["size"] and len(data) > 0,
          "%s: %s, %d bytes, listed as %s", mp3[0]["url"], status, len(data), mp3[0]["size"])
    check(mp3_frame_at(data) >= 0, "%s: no MPEG frame sync at the start of the audio", mp3[0]["url"])
    path = os.path.join(tmp, job + ".mp3")
    with open(path, "wb") as f:
        f.write(data)
    secs = ffprobe_seconds(path)
    os.unlink(path)
    if secs is not None:
        check(abs(secs - body["audio_seconds"]) < 0.5 + 0.02 * body["audio_seconds"],
              "%s: ffprobe reads %.2f s, the status says %.2f s", job, secs, body["audio_seconds"])
    return body


def log_ids(lines, event):
    return [x.get("id") for x in lines if x.get("event") == event]


def metric(srv, name):
    status, _, data = srv.request("GET", "/metrics")
    check(status == 200, "GET /metrics: %s", status)
    for line in data.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise Failed("GET /metrics has no %s" % name)


def post(srv, body, headers=None):
    status, answer, _ = srv.json("POST", "/v1/editions", body, headers)
    check(status == 202, "POST /v1/editions: %s %s", status, answer)
    return answer["id"]


# ---- kill9 ------------------------------------------------------------------

def kill_and_check(srv, point):
    """kill -9 the server; its workers must die with it (they hold no
    lock, and PR_SET_PDEATHSIG ends them). The time of the kill."""
    workers = children(srv.proc.pid)
    for ev in srv.events("start"):
        st = proc_stat(ev["worker"])
        if st and st[1] == srv.proc.pid:
            workers.setdefault(ev["worker"], st[2])
    srv.kill()
    t = time.time()
    check(len(workers) == 2, "%s: expected 2 workers, found %s", point, sorted(workers))
    wait_for("the workers to die with the server",
             lambda: not [p for p, t0 in workers.items() if alive(p, t0)], timeout=10)
    return t


def kill9_round(a, tmp, point, first):
    """20 jobs, the server killed with kill -9 at `point`, restarted on the
    same --data each time: "queued", as soon as the last job is accepted;
    "running", once 5 are done; "repeated", right after every third job
    ends, four times (a job's end, its webhook and the next claim are
    close together there)."""
    data = os.path.join(tmp, "data-" + point)
    secret = os.urandom(24).hex().encode()
    sf = os.path.join(tmp, "secret-" + point)
    write_secret(sf, secret)
    rec = Receiver()
    args = ["--workers", "2", "--webhook", rec.url, "--webhook-secret-file", sf, "--webhook-backoff", "0.2"]
    runs, kills = [], []

    def done_so_far():
        return [j for r in runs for j in log_ids(r.lines, "done")]

    runs.append(Server(a.articast, data, *args))
    try:
        ids = [post(runs[0], article(first + i)) for i in range(20)]
        while True:
            if point != "queued":
                want = min(20, len(done_so_far()) + (5 if point == "running" else 3))
                wait_for("%d jobs done" % want, lambda: len(set(done_so_far())) >= want)
            if len(set(done_so_far())) == 20:
                break
            kills.append(kill_and_check(runs[-1], point))
            runs.append(Server(a.articast, data, *args))
            if point != "repeated" or len(kills) == 4:
                break
        last = runs[-1]
        t_restart = time.time()
        for job in ids:
            body = last.wait_done(job, timeout=300)
            check(body["status"] == "done", "%s: after the restart %s is %s", point, job, body)
        t_finished = time.time()
        wait_for("a webhook for each of the 20",
                 lambda: all(any(json.loads(c["body"]).get("id") == j for c in rec.snapshot()) for j in ids), 60)
        wait_for("no webhook owed", lambda: metric(last, "articast_webhooks_pending") == 0, 60)
        check(metric(last, 'articast_jobs{state="done"}') == 20, "%s: the store does not count 20 done", point)
        for job in ids:
            check_edition(last, job, tmp)
    except BaseException:
        runs[-1].kill()
        raise
    rc = runs[-1].stop()
    check(rc == 0, "%s: the restarted server exited %s after SIGTERM", point, rc)
    check(kills, "%s: all 20 were done before a kill; nothing was tested", point)

    # exactly once, by the logs: at most one "done" per job over all runs,
    # and a job done in one run is neither started nor recovered in a later
    # one (a job is claimed just before its "start" line, so one in hand at
    # a kill may have none)
    done_all = done_so_far()
    doubles = sorted(j for j in set(done_all) if done_all.count(j) > 1)
    check(not doubles, "%s: jobs done twice in the logs: %s", point, doubles)
    check(set(done_all) <= set(ids), "%s: done events for unknown jobs", point)
    before, recovered, in_hand = set(), [], 0
    for k, r in enumerate(runs):
        again = before & (set(log_ids(r.lines, "start")) | set(log_ids(r.lines, "recovered")))
        check(not again, "%s: jobs done before kill %d handled again after it: %s", point, k, sorted(again))
        recovered += [x["as"] for x in r.events("recovered")]
        if k < len(kills):
            in_hand += len(set(log_ids(r.lines, "start")) - set(log_ids(r.lines, "done")))
        before |= set(log_ids(r.lines, "done"))

    # exactly once, by the webhook receiver: one delivery per job, whatever
    # its delivery id; the same delivery may come again only across a kill
    # (it arrived, the server died before noting it, so it was still owed).
    # Which run sent a call is read from the runs' logs, not from arrival
    # times: a receiver thread may take a POST sent just before a kill only
    # after it. Every attempt a run finished is logged ("webhook") after the
    # store notes it, so a call no log accounts for was in flight at a kill,
    # at most one per kill (one delivery thread), and a delivery a run
    # logged as delivered is never sent by a later run.
    calls = rec.snapshot()
    rec.close()
    per_job = {}
    for c in calls:
        check(signed_ok(c, secret), "%s: a delivery with a wrong signature: %s", point, c["headers"])
        ev = json.loads(c["body"])
        check(ev.get("event") == "edition.done" and ev.get("status") == "done",
              "%s: unexpected delivery %s", point, ev)
        per_job.setdefault(ev["id"], []).append(c)
    check(sorted(per_job) == sorted(ids), "%s: deliveries for %d jobs, not the 20", point, len(per_job))
    attempts = {}
    for k, r in enumerate(runs):
        for x in r.events("webhook"):
            attempts.setdefault(str(x["delivery"]), []).append((k, x["delivered"]))
    repeats, unlogged = 0, 0
    for job, cs in per_job.items():
        deliveries = {c["headers"].get("x-articast-delivery") for c in cs}
        check(len(deliveries) == 1, "%s: job %s was delivered %d times as different events (%s)", point, job,
              len(cs), sorted(deliveries))
        check(all(x["body"] == cs[0]["body"] for x in cs), "%s: job %s's delivery changed between calls", point, job)
        logged = attempts.get(cs[0]["headers"].get("x-articast-delivery"), [])
        noted = [k for k, ok in logged if ok]
        check(len(noted) <= 1, "%s: job %s's delivery was noted delivered %d times", point, job, len(noted))
        check(not noted or all(k <= noted[0] for k, _ in logged),
              "%s: job %s's delivery was sent again by a later run after run %d noted it", point, job,
              noted[0] if noted else -1)
        check(len(cs) >= len(logged), "%s: job %s: %d attempts logged, %d calls received", point, job, len(logged),
              len(cs))
        unlogged += len(cs) - len(logged)
        repeats += len(cs) - 1
    check(unlogged <= len(kills), "%s: %d calls no run logged, more than the %d kill(s) could leave in flight",
          point, unlogged, len(kills))

    left = temporaries(data)
    check(not left, "%s: temporary files left in --data: %s", point, left)
    jobs_left = os.listdir(os.path.join(data, "jobs"))
    check(not jobs_left, "%s: finished jobs' requests left in jobs/: %s", point, jobs_left)
    print("kill9 %s: %d kill(s), %d done before the last, %d jobs in hand at the kills; restarts recovered %s; "
          "%d deliveries, %d repeated, %d in flight at a kill; %.1f s to finish after the last restart"
          % (point, len(kills), len(before - set(log_ids(last.lines, "done"))), in_hand,
             " ".join(sorted(recovered)) or "nothing", len(calls), repeats, unlogged, t_finished - t_restart))


def mode_kill9(a, tmp):
    kill9_round(a, tmp, "queued", 0)
    kill9_round(a, tmp, "running", 20)
    kill9_round(a, tmp, "repeated", 40)


# ---- webhook ----------------------------------------------------------------

def usage_errors(a, tmp):
    """--webhook without a secret file, and a secret file with a short
    secret, stop the server before it starts: exit 2 and a message."""
    data = os.path.join(tmp, "data-usage")

    def run(*args):
        r = subprocess.run([a.articast, "serve", "--data", data, "--listen", "127.0.0.1:0"] + list(args),
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        return r.returncode, r.stderr

    rc, err = run("--webhook", "http://127.0.0.1:9/hook")
    check(rc == 2 and "--webhook-secret-file" in err, "--webhook without a secret file: exit %s, %r", rc, err)
    short = os.path.join(tmp, "short-secret")
    write_secret(short, b"only15bytes....")
    rc, err = run("--webhook", "http://127.0.0.1:9/hook", "--webhook-secret-file", short)
    check(rc == 2 and short in err, "a 15-byte secret: exit %s, %r", rc, err)
    empty = os.path.join(tmp, "empty-secret")
    write_secret(empty, b"")
    rc, err = run("--webhook", "http://127.0.0.1:9/hook", "--webhook-secret-file", empty)
    check(rc == 2 and empty in err, "an empty secret file: exit %s, %r", rc, err)
    missing = os.path.join(tmp, "no-such-secret")
    rc, err = run("--webhook", "http://127.0.0.1:9/hook", "--webhook-secret-file", missing)
    check(rc == 2 and missing in err, "a missing secret file: exit %s, %r", rc, err)
    check(not os.path.exists(os.path.join(data, "jobs.sqlite")), "a usage error still created the store")


def check_delivery(c, secret, job, event, srv_url):
    check(signed_ok(c, secret), "delivery for %s: signature %r does not match the body",
          job, c["headers"].get("x-articast-signature"))
    check(c["headers"].get("content-type", "").startswith("application/json"),
          "delivery for %s: Content-Type %r", job, c["headers"].get("content-type"))
    check(c["headers"].get("x-articast-delivery", "").isdigit(), "delivery for %s: X-Articast-Delivery %r", job,
          c["headers"].get("x-articast-delivery"))
    ev = json.loads(c["body"])
    check(ev.get("event") == event and ev.get("id") == job, "delivery for %s: %s", job, ev)
    check(ev.get("status_url") == "%s/v1/editions/%s" % (srv_url, job), "delivery for %s: status_url %r (server %s)",
          job, ev.get("status_url"), srv_url)
    return ev


def mode_webhook(a, tmp):
    usage_errors(a, tmp)
    data = os.path.join(tmp, "data-hook")
    secret = b"a webhook secret of this test, " + os.urandom(8).hex().encode()
    sf = os.path.join(tmp, "secret")
    write_secret(sf, secret)
    rec = Receiver()
    args = ["--workers", "1", "--webhook", rec.url, "--webhook-secret-file", sf, "--webhook-backoff", "0.2"]
    s1 = Server(a.articast, data, *args)
    try:
        # done, failed with a language eSpeak NG lacks, failed with no article text
        ok = post(s1, article(40))
        tlh = post(s1, {"text": "Qapla'. Heghlu'meH QaQ jajvam.", "language": "tlh"})
        _, _, raw = s1.request("POST", "/v1/editions", "<html><body><nav><a href='/'>Home</a></nav></body></html>",
                               {"Content-Type": "text/html"})
        empty = json.loads(raw)["id"]
        for job, want in ((ok, "done"), (tlh, "failed"), (empty, "failed")):
            body = s1.wait_done(job)
            check(body["status"] == want, "%s: %s, expected %s", job, body, want)
        wait_for("the three deliveries", lambda: all(rec.for_job(j) for j in (ok, tlh, empty)), 60)
        ev = check_delivery(rec.for_job(ok)[0], secret, ok, "edition.done", s1.url)
        check(ev["status"] == "done" and ev.get("audio_seconds", 0) > 0 and ev.get("title") == article(40)["title"],
              "the done delivery: %s", ev)
        ev = check_delivery(rec.for_job(tlh)[0], secret, tlh, "edition.failed", s1.url)
        check(ev["status"] == "failed" and ev["error"]["code"] == "EUSAGE" and ev["error"]["exit_code"] == 2 and
              "tlh" in ev["error"]["message"], "the failed delivery (language): %s", ev)
        ev = check_delivery(rec.for_job(empty)[0], secret, empty, "edition.failed", s1.url)
        check(ev["status"] == "failed" and ev["error"]["code"] == "EINPUT" and ev["error"]["exit_code"] == 3,
              "the failed delivery (no text): %s", ev)
        for j in (ok, tlh, empty):
            check(len(rec.for_job(j)) == 1, "job %s delivered %d times", j, len(rec.for_job(j)))

        # the receiver fails: retries after 0.2, 0.4 ... seconds
        rec.answer = 500
        owed = post(s1, article(41))
        check(s1.wait_done(owed)["status"] == "done", "the job whose delivery fails did not finish")
        wait_for("three failed attempts", lambda: len(rec.for_job(owed)) >= 3, 30, 0.01)
        check(metric(s1, "articast_webhooks_pending") == 1, "the failing delivery is not owed in /metrics")
        s1.kill()
    except BaseException:
        s1.kill()
        raise
    t_kill = time.time()
    before = rec.for_job(owed)
    times = [c["time"] for c in before]
    gaps = [b - a for a, b in zip(times, times[1:])]
    # the receiver notes a call before it answers, and the server waits its
    # backoff from the answer, so each gap is at least the backoff however
    # loaded the machine is (a fixed lower bound, not a comparison of gaps,
    # which a delay in taking one call can reorder)
    check(len(before) >= 3 and all(g >= 0.2 * 2 ** k - 0.005 for k, g in enumerate(gaps)),
          "attempts before the kill at %s s apart: not the backoff of 0.2 s doubling",
          ["%.3f" % g for g in gaps])
    logged = [x for x in s1.events("webhook") if not x["delivered"]]
    # (the kill may come before the last attempt's log line)
    check([x["attempt"] for x in logged] == list(range(1, len(logged) + 1)) and len(logged) >= 2,
          "the log's failed attempts: %s", logged)

    # restarted, the receiver still failing: the retries go on from the store
    s2 = Server(a.articast, data, *args)
    try:
        t_restart = time.time()
        # a failed attempt of the restart, by its log line (a receiver's
        # arrival time could not tell a call the first run sent just before
        # the kill, taken late, from one of the restart's)
        wait_for("a failed attempt after the restart",
                 lambda: [x for x in s2.events("webhook") if not x["delivered"]], 30, 0.01)
        rec.answer = 200
        got = wait_for("the owed delivery after the restart",
                       lambda: [c for c in rec.for_job(owed) if c["answer"] == 200], 60, 0.02)
        check(len(got) == 1 and got[0]["time"] > t_restart, "the owed delivery: %d answered 200", len(got))
        check_delivery(got[0], secret, owed, "edition.done", s1.url)
        check(all(c["body"] == got[0]["body"] and
                  c["headers"]["x-articast-delivery"] == got[0]["headers"]["x-articast-delivery"]
                  for c in rec.for_job(owed)), "the owed delivery changed across the restart")
        check(owed not in log_ids(s2.lines, "start"), "the job was rendered again after the restart")
        check(s2.wait_done(owed)["status"] == "done", "the job is not done after the restart")
        # the receiver records a call before it answers, and the server
        # notes the answer, then logs it: both come a moment later
        wait_for("no delivery owed", lambda: metric(s2, "articast_webhooks_pending") == 0, 30)
        wait_for("a delivered webhook in the restart's log", lambda: any(x["delivered"] for x in s2.events("webhook")),
                 30)
    finally:
        rc = s2.stop()
    check(rc == 0, "the restarted server exited %s after SIGTERM", rc)
    calls = rec.for_job(owed)
    rec.close()
    times = [c["time"] for c in calls]
    gaps = [b - a for a, b in zip(times, times[1:])]
    # the restart counts on from the store's attempts: its log numbers them
    # on from the first run's (one more if the kill came between an
    # attempt's note and its log line), and the delivered one came the
    # backoff of the try before it after that try, a lower bound as above
    # (this gap was compared with the first run's, which load can stretch
    # past it)
    again = [x for x in s2.events("webhook") if x["delivery"] == logged[0]["delivery"]]
    numbers = [x["attempt"] for x in again]
    check(len(again) >= 2 and again[-1]["delivered"] and not any(x["delivered"] for x in again[:-1]) and
          numbers == list(range(numbers[0], numbers[0] + len(numbers))) and
          numbers[0] in (len(logged) + 1, len(logged) + 2),
          "the restart's attempts %s do not go on from the first run's 1 to %d", numbers, len(logged))
    check(gaps[-1] >= 0.2 * 2 ** (numbers[-1] - 2) - 0.005,
          "the retry after the restart (attempt %d) came %.3f s after the one before it, not the backoff of %.1f s",
          numbers[-1], gaps[-1], 0.2 * 2 ** (numbers[-1] - 2))
    check(all(len(rec.for_job(j)) == 1 for j in (ok, tlh, empty)), "an early delivery was sent again")
    print("webhook: %d attempts for the owed delivery, gaps %s s; killed %.2f s after the first; "
          "delivered %.2f s after the restart"
          % (len(calls), " ".join("%.2f" % g for g in gaps), t_kill - times[0], got[0]["time"] - t_restart))


# ---- drain ------------------------------------------------------------------

def refused(srv):
    """How a connection made now fares: "refused", "closed" or an HTTP
    status other than 202 pass; a 202 fails."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        c.request("POST", "/v1/editions", body=json.dumps(article(99)).encode(),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        c.close()
        return r.status
    except ConnectionRefusedError:
        return "refused"
    except (ConnectionError, http.client.HTTPException, socket.timeout) as e:
        return "closed (%s)" % type(e).__name__


def wait_exit(srv, timeout=120):
    """The exit code of a server already signalled (a second SIGTERM would
    cut the drain short)."""
    try:
        rc = srv.proc.wait(timeout)
    except subprocess.TimeoutExpired:
        srv.kill()
        raise Failed("the server did not exit within %ds of SIGTERM" % timeout)
    srv.reader.join(5)
    return rc


def mode_drain(a, tmp):
    # SIGTERM with the first of three running
    data = os.path.join(tmp, "data-drain")
    s1 = Server(a.articast, data, "--workers", "1")
    try:
        ids = [post(s1, {"text": long_text(a.source, 1), "title": "The long one"}),
               post(s1, article(60)), post(s1, article(61))]
        wait_for("the first job to start", lambda: ids[0] in log_ids(s1.lines, "start"))
        s1.proc.send_signal(signal.SIGTERM)
        t_term = time.time()
        wait_for("the drain to begin", lambda: s1.events("draining"), 30)
        probe = refused(s1)
        still_running = ids[0] not in log_ids(s1.lines, "done")
        check(probe != 202, "a POST while draining was accepted")
        check(still_running, "the first job finished before the probe; the article is too short to test the drain")
        rc = wait_exit(s1)
    except BaseException:
        s1.kill()
        raise
    t_exit = time.time()
    check(rc == 0, "the drained server exited %s", rc)
    check(ids[0] in log_ids(s1.lines, "done"), "the running job did not finish before the exit")
    check(not set(ids[1:]) & set(log_ids(s1.lines, "start")), "a queued job was started during the drain")
    stopped = s1.events("stopped")
    check(stopped and stopped[-1].get("queued") == 2, "the stop's log line: %s", stopped)

    s2 = Server(a.articast, data, "--workers", "1")
    try:
        for job in ids:
            check(s2.wait_done(job)["status"] == "done", "%s not done after the restart", job)
            check_edition(s2, job, tmp)
        check(ids[0] not in log_ids(s2.lines, "start"), "the drained job was rendered again")
    finally:
        rc = s2.stop()
    check(rc == 0, "the restarted server exited %s", rc)
    done_all = log_ids(s1.lines, "done") + log_ids(s2.lines, "done")
    check(sorted(done_all) == sorted(ids), "done events over both runs: %s", done_all)
    check(not temporaries(data), "temporary files left: %s", temporaries(data))
    check(not os.listdir(os.path.join(data, "jobs")), "requests left in jobs/")
    print("drain: probe while draining -> %s; the running job finished %.2f s after SIGTERM, exit 0"
          % (probe, t_exit - t_term))

    # --drain-timeout 0: the running job is interrupted and requeued; three
    # such drains in a row (three deploys during one long render) are not
    # the article's failures, and the next run renders it once
    data = os.path.join(tmp, "data-drain0")
    job, runs, took = None, [], []
    for k in range(3):
        s1 = Server(a.articast, data, "--workers", "1", "--drain-timeout", "0")
        runs.append(s1)
        try:
            if job is None:
                job = post(s1, {"text": long_text(a.source, 2), "title": "Cut short"})
            wait_for("the render to make progress",
                     lambda: s1.json("GET", "/v1/editions/" + job)[1].get("progress", 0) > 0, 60)
            check(job not in log_ids(s1.lines, "done"), "the long job finished before SIGTERM")
            s1.proc.send_signal(signal.SIGTERM)
            t_term = time.time()
            rc = wait_exit(s1, 60)
        except BaseException:
            s1.kill()
            raise
        took.append(time.time() - t_term)
        check(rc == 0, "drain %d: the server with --drain-timeout 0 exited %s", k + 1, rc)
        check(log_ids(s1.lines, "start") == [job] and log_ids(s1.lines, "requeued") == [job],
              "drain %d: the interrupted job was not requeued: %s", k + 1, s1.lines[-6:])
        check(job not in log_ids(s1.lines, "done"), "drain %d: the job finished despite --drain-timeout 0", k + 1)
        check(not temporaries(data), "drain %d: the interrupted render left temporaries: %s", k + 1,
              temporaries(data))
    s2 = Server(a.articast, data, "--workers", "1")
    try:
        body = s2.wait_done(job)
        check(body["status"] == "done", "the job after %d drains and a restart: %s", len(runs), body)
        check(body["attempts"] == 1, "the drains counted as attempts: %s", body["attempts"])
        check_edition(s2, job, tmp)
    finally:
        rc = s2.stop()
    check(rc == 0, "the restarted server exited %s", rc)
    starts = log_ids(s2.lines, "start")
    done_all = [j for r in runs + [s2] for j in log_ids(r.lines, "done")]
    check(starts == [job] and done_all == [job], "after the restart: started %s, done %s", starts, done_all)
    check(not temporaries(data), "temporary files left: %s", temporaries(data))
    check(not os.listdir(os.path.join(data, "jobs")), "requests left in jobs/")
    print("drain --drain-timeout 0: interrupted %d times, each exit 0 within %.2f s; the restart rendered it "
          "once (%.1f s of audio in %.1f s)" % (len(runs), max(took), body["audio_seconds"], body["render_seconds"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the data folders")
    ap.add_argument("mode", choices=["kill9", "webhook", "drain"])
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="serve_%s." % a.mode)
    t0 = time.time()
    try:
        {"kill9": mode_kill9, "webhook": mode_webhook, "drain": mode_drain}[a.mode](a, tmp)
    except Failed as e:
        print("FAIL serve_%s: %s (data in %s)" % (a.mode, e, tmp))
        return 1
    print("serve_%s: pass in %.1f s" % (a.mode, time.time() - t0))
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
