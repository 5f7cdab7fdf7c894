#!/usr/bin/env python3
"""Runs examples/slurm/articast-batch.sbatch on a real single-node Slurm
cluster started here (Debian's slurm-wlm and munge, private sockets, ports
and state under a temporary folder): a 4-task job array over 40 generated
articles into one shared output folder, then checks that every output
exists exactly once and is valid MP3, that the tasks' --results lines in
one shared file are whole, one per article, and that a resubmission with
--resume redoes nothing (and appends a skipped line for each). Exits 77
(skipped) when Slurm can't be started.

usage: slurm_batch.py --articast BIN --source DIR
"""
import argparse
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
N_ARTICLES = 40
N_TASKS = 4


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_conf(tmp, host):
    ctld, slurmd = free_port(), free_port()
    conf = os.path.join(tmp, "slurm.conf")
    with open(conf, "w") as f:
        f.write("\n".join([
            "ClusterName=articasttest",
            "SlurmctldHost=%s" % host,
            "SlurmctldPort=%d" % ctld,
            "SlurmdPort=%d" % slurmd,
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            "AuthInfo=socket=%s/munge.sock" % tmp,
            "CredType=cred/munge",
            "StateSaveLocation=%s/state" % tmp,
            "SlurmdSpoolDir=%s/spool" % tmp,
            "SlurmctldPidFile=%s/slurmctld.pid" % tmp,
            "SlurmdPidFile=%s/slurmd.pid" % tmp,
            "SlurmctldLogFile=%s/slurmctld.log" % tmp,
            "SlurmdLogFile=%s/slurmd.log" % tmp,
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "SchedulerType=sched/builtin",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_CPU",
            "ReturnToService=2",
            "MpiDefault=none",
            "NodeName=%s CPUs=%d State=UNKNOWN" % (host, os.cpu_count() or 1),
            "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
        ]) + "\n")
    return conf


def stop_daemons(tmp):
    """Stops the daemons this test started, by their pid files."""
    for name in ("slurmd", "slurmctld", "munged"):
        try:
            with open(os.path.join(tmp, name + ".pid")) as f:
                os.kill(int(f.read().strip()), signal.SIGTERM)
        except (OSError, ValueError):
            pass
    time.sleep(1)


def start_cluster(tmp, env):
    for tool in ("munged", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue"):
        if not shutil.which(tool):
            skip("%s not found (apt-get install slurm-wlm munge)" % tool)
    if os.geteuid() != 0:
        skip("slurmd must run as root to start jobs here")
    for d in ("state", "spool"):
        os.makedirs(os.path.join(tmp, d))
    key = os.path.join(tmp, "munge.key")
    with open(key, "wb") as f:
        f.write(os.urandom(128))
    os.chmod(key, 0o600)
    r = subprocess.run(["munged", "--force", "--key-file=" + key, "--socket=%s/munge.sock" % tmp,
                        "--pid-file=%s/munged.pid" % tmp, "--log-file=%s/munged.log" % tmp,
                        "--seed-file=%s/munge.seed" % tmp], capture_output=True, text=True)
    if r.returncode != 0:
        skip("munged did not start: " + r.stderr.strip())
    for daemon in (["slurmctld", "-i"], ["slurmd"]):
        r = subprocess.run(daemon, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            stop_daemons(tmp)
            skip("%s did not start: %s" % (daemon[0], r.stderr.strip()))
    for _ in range(60):
        r = subprocess.run(["sinfo", "-h", "-o", "%t"], env=env, capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip() in ("idle", "mix", "alloc"):
            return
        time.sleep(0.5)
    stop_daemons(tmp)
    skip("the Slurm node did not come up: %s" % r.stdout.strip())


def run_array(args, tmp, env, src, out):
    r = subprocess.run(["sbatch", "--parsable", "--array=0-%d" % (N_TASKS - 1), "--cpus-per-task=1",
                        "--chdir=" + tmp, os.path.join(args.source, "examples", "slurm", "articast-batch.sbatch"),
                        src, out], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("sbatch failed: " + r.stderr)
    job = r.stdout.strip().split(";")[0]
    for _ in range(600):
        q = subprocess.run(["squeue", "-h", "-j", job], env=env, capture_output=True, text=True)
        if q.returncode == 0 and not q.stdout.strip():
            break
        time.sleep(0.5)
    else:
        raise SystemExit("job %s did not finish in 5 minutes" % job)
    logs = sorted(glob.glob(os.path.join(tmp, "articast-%s_*.log" % job)))
    events = []
    for log in logs:
        with open(log) as f:
            events += [json.loads(line) for line in f if line.startswith("{")]
    return logs, events


def result_lines(path, failures):
    """The lines of the --results file the tasks share: each whole (ending
    with a newline) and a JSON object."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        failures.append("results file: %s" % e)
        return []
    if data and not data.endswith(b"\n"):
        failures.append("results file ends inside a line")
    out = []
    for line in data.split(b"\n")[:-1]:
        try:
            out.append(json.loads(line))
        except ValueError:
            failures.append("results line is not JSON: %r" % line[:200])
    return out


def check_run(args, tmp, env):
    failures = []
    src, out = os.path.join(tmp, "articles"), os.path.join(tmp, "shared-out")
    os.makedirs(src)
    for k in range(1, N_ARTICLES + 1):
        with open(os.path.join(src, "story-%02d.txt" % k), "w") as f:
            f.write("Story %d\n\nThe council met on Tuesday to discuss item %d of the harbour plan.\n" % (k, k))
    results = os.path.join(tmp, "results.jsonl")
    env = dict(env, ARTICAST=args.articast, ARTICAST_OPTIONS="--loudness off", ARTICAST_RESULTS=results)
    logs, events = run_array(args, tmp, env, src, out)
    if len(logs) != N_TASKS:
        failures.append("%d task logs, expected %d" % (len(logs), N_TASKS))
    done = [e["output"] for e in events if e["event"] == "done"]
    want = ["story-%02d.mp3" % k for k in range(1, N_ARTICLES + 1)]
    if sorted(done) != want:
        failures.append("rendered %d outputs (%d distinct), expected each of %d once"
                        % (len(done), len(set(done)), N_ARTICLES))
    mp3s = sorted(os.path.relpath(p, out) for p in glob.glob(os.path.join(out, "**", "*.mp3"), recursive=True))
    if mp3s != want:
        failures.append("output folder holds %r" % mp3s)
    for name in want:
        path = os.path.join(out, name)
        r = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-of", "json", path],
                           capture_output=True, text=True)
        if r.returncode != 0 or float(json.loads(r.stdout)["format"].get("duration", 0)) <= 0.5:
            failures.append("%s is not valid MP3" % name)
        if not os.path.isfile(path + ".articast"):
            failures.append("%s has no stamp" % name)
    # the tasks appended to one results file: whole lines, each article once
    lines = result_lines(results, failures)
    ok = sorted(os.path.basename(l.get("input", "")) for l in lines if l.get("status") == "ok")
    if len(lines) != N_ARTICLES or ok != ["story-%02d.txt" % k for k in range(1, N_ARTICLES + 1)]:
        failures.append("results file: %d lines, %d ok, expected one ok line per article" % (len(lines), len(ok)))
    # the same array again, as after failed tasks: --resume skips everything
    logs2, events2 = run_array(args, tmp, env, src, out)
    redone = [e["output"] for e in events2 if e["event"] == "done"]
    skipped = [e["output"] for e in events2 if e["event"] == "skip"]
    if redone or sorted(skipped) != want:
        failures.append("resubmission redid %d and skipped %d" % (len(redone), len(skipped)))
    lines = result_lines(results, failures)[N_ARTICLES:]
    if len(lines) != N_ARTICLES or any(l.get("status") != "skipped" for l in lines):
        failures.append("results file after the resubmission: %r" % [l.get("status") for l in lines])
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    args.articast = os.path.abspath(args.articast)
    tmp = tempfile.mkdtemp(prefix="articast-slurm-")
    env = dict(os.environ, SLURM_CONF=write_conf(tmp, socket.gethostname().split(".")[0]))
    try:
        start_cluster(tmp, env)
        failures = check_run(args, tmp, env)
    finally:
        stop_daemons(tmp)
    for f in failures:
        print("FAIL:", f)
    if failures:
        print("logs kept in " + tmp)
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
