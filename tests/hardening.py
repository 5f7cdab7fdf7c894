#!/usr/bin/env python3
"""The hardening suite (issue 17): one case per run, each an attack that a
small input, a planted symlink, a signal or a resource limit makes on the
tool, checking that the tool ends cleanly, that nothing outside its output
changes, that an earlier good output survives a failure, and that no
temporary file is left behind.

It shares its helpers (check, run, expect, write, only_files, example,
unprivileged) with the bad-input suite, tests/bad_input.py.

usage: hardening.py --articast BIN --source DIR CASE
       hardening.py --list
"""
import argparse
import hashlib
import json
import os
import resource
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import zipfile

import bad_input as B
from bad_input import check, err, expect, only_files, run, write

SKIP = 77
PREFIX = ".articast."   # what every temporary of articast is named from


def articast():
    return B.ARGS.articast


def long_article(d, name="long.txt", times=30):
    """An article long enough that a render takes a few seconds."""
    body = open(B.example(), encoding="utf-8").read().split("\n\n", 1)[1]
    return write(d, name, "A Long Article\n\n" + body * times)


def short_article(d, name, title, words="The council met on Monday to discuss the bridge."):
    return write(d, name, f"{title}\n\n{words}\n")


def temporaries(d):
    """The temporaries articast left in `d`, walked recursively."""
    found = []
    for root, dirs, files in os.walk(d):
        found += [os.path.join(root, x) for x in dirs + files if x.startswith(PREFIX)]
    return found


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tree_digest(d):
    """name -> sha256 of every regular file in folder `d`."""
    return {x: digest(os.path.join(d, x)) for x in sorted(os.listdir(d))
            if os.path.isfile(os.path.join(d, x))}


def wait_for_temp(d, p, marker, what):
    """Waits until the running articast `p` has a temporary holding
    `marker` in its name in `d` (it is writing), up to 300 s."""
    deadline = time.monotonic() + 300
    while p.poll() is None and time.monotonic() < deadline:
        if any(marker in x for x in os.listdir(d) if x.startswith(PREFIX)):
            time.sleep(0.2)
            return True
        time.sleep(0.05)
    check(False, f"{what}: the render never started writing ({p.poll()})")
    return False


def jsonl(r):
    """The JSON events of a batch run with --progress jsonl."""
    events = []
    for line in r.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("{"):
            events.append(json.loads(line))
    return events


def host_tag():
    """This host's name as articast writes it into a temporary's name."""
    h = socket.gethostname().split(".")[0]
    h = "".join(c for c in h if c.isascii() and (c.isalnum() or c == "-"))[:32]
    return h or "h"


# ---------------------------------------------------------------- symlinks


def case_batch_symlinks(d):
    """Another user who can write to a shared output folder plants
    symlinks where the batch will write: at the stamp, at the predictable
    names of the stamp's old temporary file (NAME.mp3.articast.tmpPID, for
    the next few hundred PIDs), at a sidecar and at the output, pointing at
    files outside the folder and at a FIFO. Nothing outside the folder may
    change, and the outputs must be regular files. As root, the batch runs
    as `nobody` (the victims are then nobody's, so only the symlinks
    protect them)."""
    pre = B.unprivileged(d)
    if pre is None:
        print("skip: running as root without setpriv")
        sys.exit(SKIP)
    art = short_article(d, "a.txt", "Shared Folder")
    os.chmod(art, 0o644)
    out = os.path.join(d, "out")
    os.mkdir(out)
    os.chmod(out, 0o777)
    victims = {}
    for v in ("stamp-victim", "tmp-victim", "vtt-victim", "out-victim"):
        victims[v] = write(d, v, f"precious {v}\n")
        os.chmod(victims[v], 0o666)
    if pre:
        for v in victims.values():
            os.chown(v, 65534, 65534)
    before = {v: digest(p) for v, p in victims.items()}
    fifo = os.path.join(d, "fifo")
    os.mkfifo(fifo)
    os.chmod(fifo, 0o666)
    os.symlink(victims["stamp-victim"], os.path.join(out, "a.mp3.articast"))
    os.symlink(victims["vtt-victim"], os.path.join(out, "a.vtt"))
    os.symlink(fifo, os.path.join(out, "a.srt"))
    os.symlink(victims["out-victim"], os.path.join(out, "a.mp3"))
    try:
        with open("/proc/sys/kernel/ns_last_pid") as f:
            last = int(f.read())
    except OSError:
        last = os.getpid()
    for pid in range(last + 1, last + 400):
        os.symlink(victims["tmp-victim"], os.path.join(out, f"a.mp3.articast.tmp{pid}"))
    # a reader on the FIFO records whatever is written into it
    got = os.path.join(d, "fifo-got")
    with open(got, "wb") as sink:
        reader = subprocess.Popen(["cat", fifo], stdout=sink)
        r = subprocess.run(pre + [articast(), "batch", art, "--out-dir", out, "--vtt", "--srt",
                                  "--loudness", "off", "--progress", "none", "-j", "1"],
                           capture_output=True, timeout=300)
        with open(fifo, "wb"):
            pass  # lets `cat` see the end if articast never opened the FIFO
        reader.wait(timeout=60)
    expect(r, 0, [], "batch into a folder with planted symlinks" + (" (as nobody)" if pre else ""))
    for v, p in victims.items():
        check(digest(p) == before[v], f"{v}: changed through a planted symlink")
    check(os.path.getsize(got) == 0, f"the FIFO behind a.srt received {os.path.getsize(got)} bytes")
    for name in ("a.mp3", "a.mp3.articast", "a.vtt", "a.srt"):
        st = os.lstat(os.path.join(out, name))
        check(stat.S_ISREG(st.st_mode), f"out/{name} is not a regular file after the batch")
    with open(os.path.join(out, "a.mp3"), "rb") as f:
        check(f.read(3) == b"ID3", "out/a.mp3 is not an MP3")
    check(not temporaries(out), f"temporaries left: {temporaries(out)}")
    print("ok: planted symlinks were replaced, never followed; nothing outside changed")


def case_output_symlink_to_fifo(d):
    """`render -o LINK`, the link found in a folder to a FIFO, is the
    user's own choice on the command line: written through, as a FIFO
    named directly is. A batch never does that (case batch_symlinks)."""
    fifo = os.path.join(d, "fifo")
    os.mkfifo(fifo)
    link = os.path.join(d, "link.mp3")
    os.symlink(fifo, link)
    got = os.path.join(d, "got")
    with open(got, "wb") as sink:
        reader = subprocess.Popen(["cat", fifo], stdout=sink)
        r = run(["render", B.example(), "-o", link, "--loudness", "off"])
        reader.wait(timeout=60)
    expect(r, 0, [], "render through a symlink the user named")
    with open(got, "rb") as f:
        check(f.read(3) == b"ID3", "the FIFO's reader got no MP3")
    check(os.path.islink(link) and stat.S_ISFIFO(os.stat(fifo).st_mode), "the link or the FIFO was replaced")


# ---------------------------------------------------------------- batch


def case_batch_books(d):
    """--epub and --daisy in a batch make a book for each article, each
    with its own title, never one book written by every article."""
    ins = os.path.join(d, "in")
    os.mkdir(ins)
    short_article(ins, "a.txt", "Harbour Opens")
    short_article(ins, "b.txt", "Bridge Closes")
    out = os.path.join(d, "out")
    r = run(["batch", ins, "--out-dir", out, "--epub", "--daisy", "--loudness", "off", "--progress", "none"],
            timeout=300)
    expect(r, 0, [], "batch with --epub --daisy")
    for stem, title in (("a", "Harbour Opens"), ("b", "Bridge Closes")):
        epub = os.path.join(out, stem + ".epub")
        if check(os.path.isfile(epub), f"{stem}.epub missing: {sorted(os.listdir(out))}"):
            with zipfile.ZipFile(epub) as z:
                opf = next(n for n in z.namelist() if n.endswith(".opf"))
                check(title in z.read(opf).decode(), f"{stem}.epub does not carry its own title {title!r}")
        ncc = os.path.join(out, stem + "-daisy", "ncc.html")
        if check(os.path.isfile(ncc), f"{stem}-daisy/ncc.html missing"):
            check(title in open(ncc, encoding="utf-8").read(), f"{stem}-daisy does not carry its title")
    check(not temporaries(out), f"temporaries left: {temporaries(out)}")
    # --resume knows the books are part of the output
    r = run(["batch", ins, "--out-dir", out, "--epub", "--daisy", "--loudness", "off", "--resume",
             "--progress", "none"], timeout=300)
    check("2 skipped" in err(r), f"--resume with the books present: {err(r)!r}")
    os.unlink(os.path.join(out, "b.epub"))
    r = run(["batch", ins, "--out-dir", out, "--epub", "--daisy", "--loudness", "off", "--resume",
             "--progress", "none"], timeout=300)
    check("1 done" in err(r) and os.path.isfile(os.path.join(out, "b.epub")),
          f"--resume after a book was deleted: {err(r)!r}")
    print("ok: a book for each article")


def case_batch_fifo_input(d):
    """A FIFO named as a batch input fails that article at once with a
    message (the stamp would hash it forever); the batch goes on."""
    fifo = os.path.join(d, "stuck.txt")
    os.mkfifo(fifo)
    good = short_article(d, "good.txt", "Good Article")
    out = os.path.join(d, "out")
    r = run(["batch", fifo, good, "--out-dir", out, "--loudness", "off", "--progress", "none", "-j", "1"],
            timeout=120)
    expect(r, 1, [fifo, "not a regular file"], "a FIFO as a batch input")
    check(os.path.isfile(os.path.join(out, "good.mp3")), "the good article after the FIFO was not rendered")


def case_batch_resume_config(d):
    """--resume re-renders when the content of the --lexicon file, or of a
    voice profile, changed, though their paths did not."""
    art = short_article(d, "a.txt", "Harbour News", "The harbour body met on Monday.")
    lex = write(d, "lex.tsv", "word\tbody\tboddy\n")
    voices = os.path.join(d, "voices")
    subprocess.run(["cp", "-r", os.path.join(B.ARGS.source, "voices"), voices], check=True)
    out = os.path.join(d, "out")
    argv = ["batch", art, "--out-dir", out, "--lexicon", lex, "--voices", voices, "--loudness", "off",
            "--resume", "--progress", "none"]

    def counts(what):
        r = run(argv, timeout=120)
        check(r.returncode == 0, f"{what}: exit {r.returncode}: {err(r)!r}")
        return err(r)

    counts("first run")
    check("1 skipped" in counts("unchanged"), "an unchanged batch was not skipped")
    write(d, "lex.tsv", "word\tbody\tboady\n")
    check("1 done" in counts("lexicon edited"), "an edited lexicon did not re-render")
    check("1 skipped" in counts("unchanged again"), "the second unchanged run was not skipped")
    prof = os.path.join(voices, "narrator.voice")
    with open(prof, "a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    check("1 done" in counts("voice profile edited"), "an edited voice profile did not re-render")
    print("ok: stamps follow the content of the lexicon and the voices")


def case_batch_default_timeout(d):
    """With no --timeout a batch still limits each article, by its size
    (300 s + 2 s per KB), and says so in the start event."""
    small = short_article(d, "small.txt", "Small")
    big = long_article(d, "big.txt", times=10)
    out = os.path.join(d, "out")
    r = run(["batch", small, big, "--out-dir", out, "--loudness", "off", "--progress", "jsonl", "-j", "1"],
            timeout=600)
    check(r.returncode == 0, f"batch: exit {r.returncode}: {err(r)[-300:]!r}")
    starts = {os.path.basename(e["input"]): e for e in jsonl(r) if e["event"] == "start"}
    for name, path in (("small.txt", small), ("big.txt", big)):
        want = 300 + 2 * os.path.getsize(path) / 1024
        got = starts.get(name, {}).get("time_limit")
        check(got is not None and abs(got - want) < 0.5, f"{name}: time_limit {got}, expected {want:.1f}")
    r = run(["batch", small, "--out-dir", out, "--progress", "jsonl", "--timeout", "none", "--loudness", "off"])
    check(all("time_limit" not in e for e in jsonl(r)), "--timeout none still set a limit")
    print("ok: the default limit is scaled to the input")


def case_batch_timeout_leftovers(d):
    """A worker killed for its time limit leaves nothing in the output
    folder or in TMPDIR: the parent removes the temporaries of that dead
    process."""
    art = long_article(d, times=40)
    out = os.path.join(d, "out")
    tmp = os.path.join(d, "tmp")
    os.mkdir(tmp)
    r = run(["batch", art, "--out-dir", out, "--timeout", "1", "--progress", "none"], timeout=300,
            env=dict(os.environ, TMPDIR=tmp))
    expect(r, 1, ["longer than 1 s"], "a batch article over --timeout")
    check(not temporaries(out) and not temporaries(tmp), f"left: {temporaries(out) + temporaries(tmp)}")


# ---------------------------------------------------------------- staged commits


def case_sidecar_failure_keeps_output(d):
    """A render whose chapters or ffmetadata file cannot be written fails
    (exit 4) before anything is moved into place: the earlier good MP3 is
    untouched and nothing is left."""
    art = short_article(d, "a.txt", "First Version")
    target = os.path.join(d, "out.mp3")
    r = run(["render", art, "-o", target, "--loudness", "off"])
    check(r.returncode == 0, f"first render: {err(r)!r}")
    good = digest(target)
    art2 = short_article(d, "b.txt", "Second Version", "A different story about the harbour.")
    for opt in ("--chapters-json", "--ffmetadata", "--vtt"):
        bad = os.path.join(d, "no-such-folder", "side")
        r = run(["render", art2, "-o", target, opt, bad, "--loudness", "off"])
        expect(r, 4, [bad], f"{opt} into a missing folder")
        check(digest(target) == good, f"{opt} failed, yet the earlier MP3 was replaced")
    # a sidecar path that is a folder fails late in old versions: the same
    side = os.path.join(d, "side")
    os.mkdir(side)
    r = run(["render", art2, "-o", target, "--chapters-json", side, "--loudness", "off"])
    check(r.returncode == 4, f"--chapters-json onto a folder: exit {r.returncode}")
    check(digest(target) == good, "--chapters-json onto a folder replaced the earlier MP3")
    os.rmdir(side)
    only_files(d, ["a.txt", "b.txt", "out.mp3"])


def case_daisy_interrupted(d):
    """SIGINT while a new DAISY book is made over an old one: the old book
    is whole and unchanged (no SMIL of the new one mixed in), and a file
    of the user's in the folder survives a finished re-render."""
    book = os.path.join(d, "book")
    first = short_article(d, "first.txt", "First Book")
    r = run(["render", first, "--daisy", book, "--loudness", "off"])
    check(r.returncode == 0, f"first book: {err(r)!r}")
    before = tree_digest(book)
    art = long_article(d, "long.txt", times=30)
    p = subprocess.Popen([articast(), "render", art, "--daisy", book], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(1.5)
    check(p.poll() is None, "the second book finished before it could be interrupted")
    se = B.signal_and_wait(p, signal.SIGINT, 60, "SIGINT did not stop the render")
    check(p.returncode == 130, f"SIGINT: exit {p.returncode} ({se.strip()!r})")
    check(tree_digest(book) == before, f"the old book changed: {sorted(tree_digest(book))} vs {sorted(before)}")
    check(not temporaries(d), f"left: {temporaries(d)}")
    write(book, "notes.txt", "the reader's own notes\n")
    r = run(["render", short_article(d, "third.txt", "Third Book"), "--daisy", book, "--loudness", "off"])
    check(r.returncode == 0, f"third book: {err(r)!r}")
    check(os.path.isfile(os.path.join(book, "notes.txt")), "the user's file in the book folder was lost")
    check("Third Book" in open(os.path.join(book, "ncc.html"), encoding="utf-8").read(), "the new book is not in place")
    print("ok: the old book survived the interruption")


def case_mode_kept(d):
    """A replaced file keeps its mode: 0444 stays read-only, 0600 private."""
    art = short_article(d, "a.txt", "Modes")
    for mode in (0o444, 0o600, 0o640):
        target = os.path.join(d, f"out{mode:o}.mp3")
        vtt = os.path.join(d, f"out{mode:o}.vtt")
        for p in (target, vtt):
            write(d, os.path.basename(p), "old\n")
            os.chmod(p, mode)
        r = run(["render", art, "-o", target, "--vtt", vtt, "--loudness", "off"])
        check(r.returncode == 0, f"render over a {mode:o} file: {err(r)!r}")
        for p in (target, vtt):
            got = stat.S_IMODE(os.stat(p).st_mode)
            check(got == mode, f"{os.path.basename(p)}: mode {got:o} after the render, was {mode:o}")


# ---------------------------------------------------------------- leftovers


def case_kill9_leftovers(d):
    """kill -9 in the middle of a render leaves only temporaries with the
    recognizable prefix; the next render in that folder removes them once
    they are over a minute old and their process is gone, and keeps a live
    process's and a fresh one's."""
    art = long_article(d)
    tmp = os.path.join(d, "tmp")
    os.mkdir(tmp)
    env = dict(os.environ, TMPDIR=tmp)
    target = os.path.join(d, "out.mp3")
    p = subprocess.Popen([articast(), "render", art, "-o", target, "--vtt", os.path.join(d, "out.vtt")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if wait_for_temp(d, p, ".out.mp3.", "kill -9"):
        p.kill()
    p.wait()
    left = temporaries(d)
    check(left, "kill -9 left no temporary to clean up (the test needs one)")
    check(all(os.path.basename(x).startswith(PREFIX + str(p.pid) + ".") for x in left),
          f"leftovers without the prefix and pid: {left}")
    old = time.time() - 120
    for x in left:
        os.utime(x, (old, old), follow_symlinks=False)
    # a live process's leftover (ours), old; and a dead one's that is fresh
    live = write(d, f"{PREFIX}{os.getpid()}.{host_tag()}.x.mp3.AbCdEf", "live")
    os.utime(live, (old, old))
    fresh = write(d, f"{PREFIX}{p.pid}.{host_tag()}.y.mp3.AbCdEf", "fresh")
    other = write(d, f"{PREFIX}{p.pid}.some-other-host.z.mp3.AbCdEf", "other host")
    os.utime(other, (old, old))
    r = run(["render", short_article(d, "b.txt", "Next"), "-o", os.path.join(d, "b.mp3"), "--loudness", "off"],
            env=env)
    check(r.returncode == 0, f"the next render: {err(r)!r}")
    now_left = temporaries(d)
    for x in left:
        check(x not in now_left, f"the next render did not remove {x}")
    for x, why in ((live, "a live process's"), (fresh, "a fresh"), (other, "another host's")):
        check(x in now_left, f"the next render removed {why} temporary {x}")
    print(f"ok: {len(left)} leftovers of the killed render were removed")


# ---------------------------------------------------------------- signals and streams


def case_sighup(d):
    """SIGHUP (the terminal closed) stops a render like SIGINT: exit 129,
    nothing left, in the folder or in TMPDIR."""
    art = long_article(d)
    tmp = os.path.join(d, "tmp")
    os.mkdir(tmp)
    p = subprocess.Popen([articast(), "render", art, "-o", os.path.join(d, "out.mp3")], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=dict(os.environ, TMPDIR=tmp))
    wait_for_temp(d, p, ".out.mp3.", "SIGHUP")
    se = B.signal_and_wait(p, signal.SIGHUP, 60, "SIGHUP did not stop the render")
    check(p.returncode == 129, f"SIGHUP: exit {p.returncode} ({se.strip()!r})")
    only_files(d, ["long.txt", "tmp"])
    only_files(tmp, [])


def case_sigpipe(d):
    """`render -o -` into a reader that goes away: EPIPE is an output
    error (exit 4), not a death by SIGPIPE that leaves the spool."""
    art = long_article(d)
    tmp = os.path.join(d, "tmp")
    os.mkdir(tmp)
    p = subprocess.Popen([articast(), "render", art, "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=dict(os.environ, TMPDIR=tmp))
    head = p.stdout.read(100)
    p.stdout.close()
    se = p.stderr.read().decode()
    p.wait(timeout=300)
    check(head[:3] == b"ID3", f"the stream did not start with an MP3: {head[:3]!r}")
    check(p.returncode == 4, f"reader gone: exit {p.returncode}, expected 4 ({se.strip()!r})")
    check("standard output" in se, f"the message does not name standard output: {se.strip()!r}")
    only_files(tmp, [])
    only_files(d, ["long.txt", "tmp"])


def case_sigxfsz(d):
    """A file-size limit (ulimit -f) reached while writing: exit 4 naming
    the file, not a death by SIGXFSZ; nothing left; an earlier good file
    stays."""
    art = long_article(d)
    target = os.path.join(d, "out.mp3")
    write(d, "out.mp3", "earlier good file\n")
    good = digest(target)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    r = subprocess.run([articast(), "render", art, "-o", target], capture_output=True, timeout=300,
                       preexec_fn=limit)
    expect(r, 4, ["too large"], "ulimit -f reached")
    check(digest(target) == good, "the earlier file was changed")
    only_files(d, ["long.txt", "out.mp3"])


def case_closed_stdout(d):
    """Standard output closed: a command that writes its result there fails
    before it starts (exit 4) rather than exiting 0 with nothing written;
    a render to a file works and receives nothing meant for stdout."""
    art = short_article(d, "a.txt", "Closed Output")

    def close_stdout():
        os.close(1)

    for argv, what in ((["render", art, "-o", "-"], "render -o -"), (["script", art], "script"),
                       (["extract", art], "extract"), (["normalize", art], "normalize")):
        r = subprocess.run([articast()] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           preexec_fn=close_stdout, timeout=120)
        expect(r, 4, ["standard output is closed"], f"{what} with stdout closed")
    target = os.path.join(d, "out.mp3")
    r = subprocess.run([articast(), "render", art, "-o", target, "--loudness", "off"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, preexec_fn=close_stdout, timeout=120)
    check(r.returncode == 0, f"render to a file with stdout closed: exit {r.returncode} {r.stderr[:300]!r}")
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-of", "json", target], capture_output=True)
    check(probe.returncode == 0, f"the MP3 made with stdout closed is not readable: {probe.stderr[:300]!r}")


def case_fifo_output_sigterm(d):
    """Output to a FIFO nobody reads: SIGTERM ends the wait (exit 143)."""
    fifo = os.path.join(d, "pipe")
    os.mkfifo(fifo)
    p = subprocess.Popen([articast(), "render", B.example(), "-o", fifo, "--format", "mp3", "--loudness", "off"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(3)
    se = B.signal_and_wait(p, signal.SIGTERM, 10, "SIGTERM did not end the wait for a FIFO reader")
    check(p.returncode == 143, f"FIFO without reader, SIGTERM: exit {p.returncode} ({se.strip()!r})")
    only_files(d, ["pipe"])


def case_split_fd_limit(d):
    """--split with more sections than the descriptor limit: one section
    file is open at a time."""
    text = "# Many Sections\n\n" + "".join(f"## Part {i}\n\nShort text number {i}.\n\n" for i in range(150))
    art = write(d, "many.md", text)
    split = os.path.join(d, "split")
    os.mkdir(split)

    def limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))

    r = subprocess.run([articast(), "render", art, "--split", split, "--loudness", "off"], capture_output=True,
                       timeout=600, preexec_fn=limit)
    check(r.returncode == 0, f"--split under ulimit -n 48: exit {r.returncode}: {r.stderr[-300:]!r}")
    mp3s = [x for x in os.listdir(split) if x.endswith(".mp3")]
    check(len(mp3s) >= 150, f"--split made {len(mp3s)} section files")
    check(not temporaries(d), f"left: {temporaries(d)}")


# ---------------------------------------------------------------- text and YAML


def case_control_characters(d):
    """ESC, BEL and other C0 controls never reach the terminal or the
    script: they are read as spaces, with a warning naming the file. (A
    NUL in a text file is binary data, refused: bad_input.py nul_bytes.)"""
    art = write(d, "ctl.txt", b"Control \x1b[31mRed\x1b[0m Title\n\nThe bell\x07 rang at\x0bnoon and\x01 the "
                              b"\x1b]0;pwned\x07council met.\n")
    r = run(["script", art, "--json"])
    check(r.returncode == 0, f"script: {err(r)!r}")
    bad = [c for c in r.stdout.decode("utf-8", "replace") if ord(c) < 0x20 and c not in "\n\t"]
    raw = [b for b in r.stdout if b < 0x20 and b not in b"\n\t"]
    check(not bad and not raw, f"control characters in the script: {raw[:10]}")
    check(b"\\u001b" not in r.stdout.lower(), "an escaped ESC is in the script")
    check("noon" in r.stdout.decode() and "council met" in r.stdout.decode(), "text around the controls was lost")
    expect(r, 0, [art, "control"], "control characters")


def case_normalize_utf8(d):
    """`normalize` makes each line valid UTF-8 as the readers do, and a NUL
    does not cut the line."""
    r = run(["normalize"], input=b"The caf\xe9 costs $5 at\x00noon and more.\nSecond line.\n", timeout=30)
    text = r.stdout.decode("utf-8", "strict") if r.returncode == 0 else ""
    check(r.returncode == 0, f"normalize: exit {r.returncode} {err(r)!r}")
    check("\u00e9" in text, f"Windows-1252 \\xe9 was not read as e-acute: {text!r}")
    check("more" in text and "Second line" in text, f"the line was cut at the NUL: {text!r}")
    check("\x00" not in text, "a NUL is in the output")


def case_yaml_bounds(d):
    """Front matter nested past the bound is exit 3 naming the line; an
    alias cycle and a fan-out end at once with the article read."""
    deep = write(d, "deep.md", "---\ntitle: Deep\nauthor:\n" + "".join("  " * i + "-\n" for i in range(1, 200))
                 + "---\n\n# Deep\n\nBody text here.\n")
    r = run(["script", deep, "--json"], timeout=30)
    expect(r, 3, [deep + ":6", "64"], "front matter nested 200 deep (the line where it passes 64)")
    flow = write(d, "flow.md", "---\ntitle: " + "[" * 5000 + "x" + "]" * 5000 + "\n---\n\nBody.\n")
    r = run(["script", flow, "--json"], timeout=30)
    expect(r, 3, [flow + ":2:", "64"], "front matter with 5,000 nested brackets")
    cycle = write(d, "cycle.md", "---\nauthor: &a [x, *a]\n---\n\n# Cycle\n\nBody text.\n")
    r = run(["script", cycle, "--json"], timeout=30)
    check(r.returncode in (0, 3), f"alias cycle: exit {r.returncode} {err(r)!r}")
    fan = ["a: &a [" + ", ".join(["x"] * 10) + "]"]
    for prev, cur in zip("abcdefgh", "bcdefghi"):
        fan.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    fanout = write(d, "fan.md", "---\n" + "\n".join(fan) + "\nauthor: *i\n---\n\n# Fan\n\nBody.\n")
    t = time.monotonic()
    r = run(["script", fanout, "--json"], timeout=30)
    check(r.returncode in (0, 3), f"alias fan-out: exit {r.returncode} {err(r)!r}")
    check(time.monotonic() - t < 30, "alias fan-out took too long")


CASES = {name[5:]: fn for name, fn in sorted(globals().items()) if name.startswith("case_")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast")
    ap.add_argument("--source")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("case", nargs="?", choices=sorted(CASES))
    B.ARGS = ap.parse_args()
    if B.ARGS.list:
        print("\n".join(sorted(CASES)))
        return
    if not B.ARGS.articast or not B.ARGS.case:
        ap.error("--articast and a case are required")
    with tempfile.TemporaryDirectory() as d:
        try:
            CASES[B.ARGS.case](d)
        finally:
            for root, dirs, files in os.walk(d):  # let the cleanup in after a chmod case
                for x in dirs:
                    if not os.path.islink(os.path.join(root, x)):
                        os.chmod(os.path.join(root, x), 0o755)
    print(f"{len(B.FAILURES)} failed" if B.FAILURES else "all checks passed")
    sys.exit(1 if B.FAILURES else 0)


if __name__ == "__main__":
    main()
