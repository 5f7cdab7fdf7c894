#!/usr/bin/env python3
"""The bad-input suite: one case per run, each feeding articast an input,
path or configuration it must survive, and checking the message (it names
the file and the problem), the exit code, and that the folder holds nothing
but what the test put there (no output, no `.name.XXXXXX` temporary file,
no partial file) after a failure.

Every input is generated here, in a temporary folder. Renders use
`--loudness off` to stay fast.

usage: bad_input.py --articast BIN --source DIR CASE
       bad_input.py --list
"""
import argparse
import errno
import json
import os
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import zlib

FAILURES = []
SKIP = 77
ARGS = None


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)
    return cond


def run(argv, timeout=120, **kw):
    """Runs articast; a run past `timeout` seconds is a failure (the case
    must finish in bounded time), reported as exit code None."""
    try:
        return subprocess.run([ARGS.articast] + argv, capture_output=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        check(False, f"articast {' '.join(argv)[:200]}: still running after {timeout} s")
        return subprocess.CompletedProcess(argv, None, b"", b"")


def err(r):
    return r.stderr.decode("utf-8", "replace").strip()


def out(r):
    return r.stdout.decode("utf-8", "replace")


def expect(r, code, needles, what):
    e = err(r)
    ok = check(r.returncode == code, f"{what}: exit {r.returncode}, expected {code} ({e[:500]!r})")
    for n in needles:
        ok &= check(n in e, f"{what}: message {e[:500]!r} lacks {n!r}")
    if ok:
        print(f"ok: {what}: exit {code}: {e.splitlines()[0] if e else ''}")
    return ok


def only_files(d, names):
    """The folder holds exactly `names`: nothing left behind."""
    left = sorted(os.listdir(d))
    check(left == sorted(names), f"{d}: holds {left}, expected only {sorted(names)}")


def write(d, name, data):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def render_fails(d, name, data, code, needles, what):
    """`render` of a bad input: the exit code, a message naming the file and
    the problem, and no output or temporary file beside the input."""
    path = write(d, name, data)
    target = os.path.join(d, "out.mp3")
    r = run(["render", path, "-o", target, "--loudness", "off"])
    expect(r, code, [path] + needles, what)
    only_files(d, [name])
    return r


def render_ok(d, name, data, what):
    path = write(d, name, data)
    target = os.path.join(d, "out.mp3")
    r = run(["render", path, "-o", target, "--loudness", "off"], timeout=300)
    if check(r.returncode == 0, f"{what}: render exit {r.returncode}: {err(r)[:500]!r}"):
        with open(target, "rb") as f:
            check(f.read(3) == b"ID3", f"{what}: the output is not an MP3")
        print(f"ok: {what}: rendered")
    only_files(d, [name, "out.mp3"] if r.returncode == 0 else [name])
    return r


def script_json(path, what, timeout=120):
    r = run(["script", path, "--json"], timeout=timeout)
    if not check(r.returncode == 0, f"{what}: script exit {r.returncode}: {err(r)[:500]!r}"):
        return None, r
    return json.loads(out(r)), r


def turns(s):
    """The turns of a `script --json` answer."""
    return s.get("turns", []) if isinstance(s, dict) else []


def normalize(line):
    r = run(["normalize"], input=(line + "\n").encode("utf-8"), timeout=30)
    return r, out(r).strip()


# ---------------------------------------------------------------- input


def case_whitespace_only(d):
    render_fails(d, "blank.txt", " \t\n\n   \r\n\f\n", 3, ["empty"], "whitespace-only input")


def invalid_utf8(d, data, line, col, what):
    """Invalid UTF-8 is read as Windows-1252 (the common legacy encoding of
    news text), with a warning that names the file and the line:column of
    the first byte that is not UTF-8, so the author can find it."""
    path = write(d, "bad.txt", data)
    r = run(["script", path])
    e = err(r)
    if check(r.returncode == 0, f"{what}: exit {r.returncode} ({e!r})"):
        check(f"{path}:{line}:{col}" in e and "UTF-8" in e,
              f"{what}: warning {e!r} lacks {path}:{line}:{col} and `UTF-8`")
        print(f"ok: {what}: {e.splitlines()[0] if e else ''}")
    target = os.path.join(d, "out.mp3")
    r = run(["render", path, "-o", target, "--loudness", "off"])
    check(r.returncode == 0, f"{what}: render exit {r.returncode}: {err(r)!r}")
    only_files(d, ["bad.txt", "out.mp3"])


def case_utf8_start(d):
    invalid_utf8(d, b"\xffTitle\n\nThe council met on Monday.\n", 1, 1, "invalid UTF-8 at the start")


def case_utf8_middle(d):
    invalid_utf8(d, b"Title\n\nThe council met on Monday.\nIts caf\xe9 was closed.\n\nIt voted.\n", 4, 8,
                 "invalid UTF-8 in the middle")


def case_utf8_end(d):
    # a sequence cut short by the end of the file
    invalid_utf8(d, b"Title\n\nThe council met on Monday.\nIt voted \xe2\x80", 4, 10,
                 "invalid UTF-8 at the end")


def case_nul_bytes(d):
    render_fails(d, "nul.txt", b"Title\n\nThe council\0 met on Monday.\n", 3, ["NUL"], "NUL bytes")


def case_utf16_no_bom(d):
    """UTF-16 without a byte order mark is detected (ASCII-heavy text has a
    zero in every other byte), converted, and read with a warning."""
    text = "Council Votes\n\nThe council met on Monday and voted for the caf\u00e9 plan.\n"
    for enc in ("utf-16-le", "utf-16-be"):
        path = write(d, "wide.txt", text.encode(enc))
        r = run(["script", path])
        e = err(r)
        ok = check(r.returncode == 0, f"UTF-16 ({enc}) without BOM: exit {r.returncode} ({e!r})")
        ok &= check("caf\u00e9 plan" in out(r), f"UTF-16 ({enc}) without BOM: script {out(r)[:300]!r}")
        ok &= check(path in e and "UTF-16" in e, f"UTF-16 ({enc}) without BOM: warning {e!r}")
        if ok:
            print(f"ok: UTF-16 ({enc}) without BOM: {e.splitlines()[0]}")
        os.unlink(path)
    only_files(d, [])


def png_bytes():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes([x * 16, y * 16, 128]) * 16 for y in range(16) for x in range(1))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def case_png_as_txt(d):
    render_fails(d, "photo.txt", png_bytes(), 3, ["binary"], "a whole PNG renamed .txt")


def case_huge_line(d):
    """A single 20 MB line: finishes in bounded time, with a script or a
    clear refusal."""
    words = "The council met on Monday and voted for the plan, said the mayor. "
    data = "One Long Line\n\n" + words * (20 * 1024 * 1024 // len(words)) + "\n"
    path = write(d, "long.txt", data)
    t = time.time()
    r = run(["script", path], timeout=120)
    took = time.time() - t
    if r.returncode == 0:
        check(len(out(r)) > 1000, "20 MB line: the script is nearly empty")
    else:
        check(r.returncode == 3 and path in err(r), f"20 MB line: exit {r.returncode}, message {err(r)[:300]!r}")
    print(f"ok: 20 MB line: exit {r.returncode} in {took:.1f} s: {err(r)[:200]}")
    only_files(d, ["long.txt"])


def case_many_paragraphs(d):
    data = "Many Paragraphs\n\n" + "".join(f"Paragraph {i} says the plan is good.\n\n" for i in range(100000))
    path = write(d, "many.txt", data)
    t = time.time()
    s, r = script_json(path, "100,000 paragraphs", timeout=120)
    took = time.time() - t
    if s is not None:
        last = max((t["source"][1] for t in turns(s)), default=0)
        check(last >= len(data.encode()) - 40, f"100,000 paragraphs: the script stops at byte {last} of {len(data)}")
        print(f"ok: 100,000 paragraphs: script of {len(turns(s))} turns in {took:.1f} s")
    only_files(d, ["many.txt"])


def case_deep_html(d):
    """10,000 nested elements: no stack overflow, and no text lost (libxml2
    used to stop at 256 levels and drop the rest of the page)."""
    n = 10000
    data = ("<!doctype html><html><head><title>Deep</title></head><body><article><h1>Deep Nesting</h1>" +
            "<div><span>" * (n // 2) + "<p>The council met on Monday.</p>" + "</span></div>" * (n // 2) +
            "<p>The vote came after it.</p></article></body></html>\n")
    path = write(d, "deep.html", data)
    t = time.time()
    r = run(["script", path], timeout=60)
    if check(r.returncode == 0, f"10,000 nested elements: exit {r.returncode}: {err(r)!r}"):
        check("council met" in out(r) and "vote came after" in out(r),
              f"10,000 nested elements: text lost: {out(r)[:300]!r}")
        print(f"ok: 10,000 nested elements: script in {time.time() - t:.2f} s")
    os.unlink(path)
    render_ok(d, "deep.html", data, "10,000 nested elements")


def case_html_no_body(d):
    data = ("<!doctype html><html><head><title>Nothing Here</title><style>p{}</style>"
            "<script>var a = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
            "<div>   </div><img src='x.png'></body></html>\n")
    render_fails(d, "nothing.html", data, 3, ["no article text"], "HTML without body text")


def case_unbalanced_quotes(d):
    data = ("Quotes Everywhere\n\n"
            "\u201cThe council met on Monday, said the mayor. It voted for the plan.\n\n"
            "\"We will build it, he said. Nobody objected.\n\n"
            "The vote was close\u201d and the plan passes\u201d to the next stage.\n\n"
            "\u201cOpen \u201cand open again, said Ms. Lee.\n\n"
            "The meeting ended at noon.\n")
    path = write(d, "quotes.txt", data)
    s, r = script_json(path, "unbalanced quotes")
    if s is not None:
        roles = [t.get("kind") for t in turns(s)]
        check("narration" in roles, f"unbalanced quotes: no narration turns in {roles}")
        print(f"ok: unbalanced quotes: roles {sorted(set(roles))}")
    os.unlink(path)
    render_ok(d, "quotes.txt", data, "unbalanced quotes")


def case_long_runs(d):
    """A megabyte without a space, in the shapes the normalizer's rules look
    ahead on (brackets, abbreviations, figures, symbols, closing quotes):
    each is read in bounded time. Rules that scanned to the end of the run
    from every position took minutes on these."""
    runs = {"brackets": "[" * 500000 + "x" + "]" * 500000, "abbrevs": "Oct." * 250000,
            "initials": "A." * 500000, "curly": "\u201d" * 300000, "figures": "1," * 500000,
            "symbols": "&" * 1000000, "mixed": "a1" * 500000, "times": "10:30" * 200000}
    for name, run in runs.items():
        path = write(d, name + ".txt", "Long Run\n\n" + run + "\n")
        s, r = script_json(path, f"a run of {name}", timeout=60)
        if s is not None:
            print(f"ok: a 1 MB run of {name} read")
        os.unlink(path)
    only_files(d, [])


def case_long_word(d):
    word = ("abcdefghij" * 50)[:500]
    render_ok(d, "word.txt", f"A Long Word\n\nThe council said {word} on Monday.\n", "a 500-character word")


def case_400_digits(d):
    digits = "7" * 400
    t = time.time()
    r, spoken = normalize(f"The number {digits} is large.")
    took = time.time() - t
    if check(r.returncode == 0, f"400 digits: exit {r.returncode}: {err(r)!r}"):
        check(took < 10, f"400 digits: normalize took {took:.1f} s")
        check("seven" in spoken or "7" in spoken, f"400 digits: read as {spoken[:200]!r}")
        # read as digits or groups, never as a name for 10^399
        check(spoken.count("seven") >= 100 or spoken.count("7") >= 100,
              f"400 digits: {spoken.count('seven')} sevens read: {spoken[:300]!r}")
        print(f"ok: 400 digits: {took:.2f} s, {len(spoken)} characters: {spoken[:80]}...")
    render_ok(d, "digits.txt", f"Big Number\n\nThe number {digits} is large.\n", "400 digits")


def case_feb_31(d):
    """`Feb. 31` names no day: it is read, but not as a real date with an
    invented day, and nothing crashes."""
    r, spoken = normalize("The vote was on Feb. 31, 2024.")
    if check(r.returncode == 0 and spoken, f"Feb. 31: exit {r.returncode}: {err(r)!r}"):
        check("31" in spoken or "thirty" in spoken, f"Feb. 31: the day is gone: {spoken!r}")
        check("March" not in spoken, f"Feb. 31: rolled over into March: {spoken!r}")
        print(f"ok: Feb. 31 -> {spoken!r}")
    render_ok(d, "date.txt", "Date\n\nThe vote was on Feb. 31, 2024.\n", "Feb. 31")


def case_currency_no_amount(d):
    for line in ("It costs US$", "It costs US$.", "The price in \u20ac.", "Only \u20ac", "$ and US$ alone."):
        r, spoken = normalize(line)
        if check(r.returncode == 0 and spoken, f"currency without amount {line!r}: exit {r.returncode}: {err(r)!r}"):
            check("zero" not in spoken and "None" not in spoken and "(null)" not in spoken,
                  f"currency without amount {line!r} -> {spoken!r}")
            # the symbol is read as its name, a word of its own
            check(" dollar" in spoken or " euro" in spoken or spoken.startswith("dollar"),
                  f"currency without amount {line!r}: the symbol is not read apart: {spoken!r}")
            print(f"ok: {line!r} -> {spoken!r}")
    render_ok(d, "money.txt", "Money\n\nIt costs US$. The price in \u20ac.\n", "currency without amount")


# ---------------------------------------------------------------- paths


def run_fifo_reader(fifo, write, what, env=None):
    """Runs `articast script` on `fifo` (with `env`), has `write(fifo, p)`
    feed it, and checks the article was read to its end."""
    p = subprocess.Popen([ARGS.articast, "script", fifo], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    write(fifo, p)
    try:
        so, se = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        so, se = p.communicate()
        check(False, f"FIFO input, {what}: still running 30 s after the writer closed")
    if check(p.returncode == 0 and b"council met" in so, f"FIFO input, {what}: exit {p.returncode}: {se.decode()!r}"):
        print(f"ok: FIFO input read, {what}")


FIFO_TEXT = b"Through a Pipe\n\nThe council met on Monday.\n"


def slow_writer(fifo, p):
    time.sleep(0.5)
    check(p.poll() is None, f"FIFO input: exited before a writer appeared ({p.returncode})")
    with open(fifo, "wb") as f:
        f.write(FIFO_TEXT)


def quick_writer(fifo, p):
    """Opens the FIFO the moment any reader has it open, writes and closes
    at once. articast once opened a FIFO twice (non-blocking to look, then
    blocking to wait); a writer that came and went between the two lost
    its text and left articast waiting forever."""
    deadline = time.monotonic() + 30
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as e:
            if e.errno != errno.ENXIO or time.monotonic() > deadline or p.poll() is not None:
                check(False, f"FIFO input: no reader appeared ({e}, exit {p.poll()})")
                return
            time.sleep(0.001)
    try:
        os.write(fd, FIFO_TEXT)
    except BrokenPipeError:
        check(False, "FIFO input: the reader closed the FIFO before the writer wrote")
    os.close(fd)


def case_fifo_input(d):
    """A FIFO as the input is read like a pipe: articast waits for a writer,
    then reads to its end, however soon the writer comes and goes."""
    fifo = os.path.join(d, "in.txt")
    os.mkfifo(fifo)
    run_fifo_reader(fifo, slow_writer, "writer after 0.5 s")
    for i in range(5):
        run_fifo_reader(fifo, quick_writer, f"writer that closes at once ({i + 1}/5)")
    if ARGS.slow_close:
        env = dict(os.environ, LD_PRELOAD=ARGS.slow_close, AT_SLOW_CLOSE_PATH=fifo)
        run_fifo_reader(fifo, quick_writer, "writer that closes at once, articast's close() slowed", env)
    check(stat.S_ISFIFO(os.stat(fifo).st_mode), "FIFO input: no longer a FIFO")
    os.unlink(fifo)
    only_files(d, [])


def signal_and_wait(p, sig, timeout, what):
    """Sends `sig` to the running articast `p` and waits up to `timeout`
    seconds for it to end (a failure `what` if it does not, then killed);
    returns its standard error."""
    p.send_signal(sig)
    try:
        return p.communicate(timeout=timeout)[1].decode()
    except subprocess.TimeoutExpired:
        p.kill()
        check(False, what)
        return p.communicate()[1].decode()


def case_fifo_input_interrupted(d):
    """A FIFO whose writer never comes: the wait is not forever, SIGINT
    ends it with 130 (and SIGTERM with 143), and nothing is left."""
    fifo = os.path.join(d, "in.txt")
    os.mkfifo(fifo)
    for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        p = subprocess.Popen([ARGS.articast, "render", fifo, "-o", os.path.join(d, "out.mp3"), "--loudness", "off"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.5)
        check(p.poll() is None, f"FIFO without writer: exited at once ({p.returncode})")
        se = signal_and_wait(p, sig, 10, f"FIFO without writer: signal {sig} did not end the wait")
        if check(p.returncode == code, f"FIFO without writer, signal {sig}: exit {p.returncode}, expected {code} "
                                       f"({se.strip()!r})"):
            print(f"ok: FIFO without writer, signal {sig}: exit {code}: {se.strip()}")
        only_files(d, ["in.txt"])
    os.unlink(fifo)


def unprivileged(d):
    """The command prefix that runs articast as a user the permission bits
    apply to. As root (CI), that is `nobody` through setpriv, with `d` made
    traversable; otherwise nothing. None when root has no way to drop."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    os.chmod(d, 0o755)
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def case_unreadable_input(d):
    path = write(d, "secret.txt", "Secret\n\nThe council met on Monday.\n")
    os.chmod(path, 0)
    pre = unprivileged(d)
    if pre is None:
        print("skip: running as root without setpriv, so a chmod 000 file is still readable")
        os.chmod(path, 0o600)
        sys.exit(SKIP)
    out_dir = os.path.join(d, "out")
    os.mkdir(out_dir)
    os.chmod(out_dir, 0o777)
    r = subprocess.run(pre + [ARGS.articast, "render", path, "-o", os.path.join(out_dir, "out.mp3"),
                              "--loudness", "off"], capture_output=True, timeout=120)
    expect(r, 3, [path, "ermission denied"], "unreadable input" + (" (as nobody)" if pre else ""))
    os.chmod(path, 0o600)
    only_files(d, ["secret.txt", "out"])
    only_files(out_dir, [])


def case_readonly_output_dir(d):
    path = write(d, "a.txt", "Title\n\nThe council met on Monday.\n")
    ro = os.path.join(d, "ro")
    os.mkdir(ro)
    os.chmod(ro, 0o555)
    pre = unprivileged(d)
    if pre is None:
        print("skip: running as root without setpriv, so a read-only folder is still writable")
        os.chmod(ro, 0o755)
        sys.exit(SKIP)
    target = os.path.join(ro, "out.mp3")
    r = subprocess.run(pre + [ARGS.articast, "render", path, "-o", target, "--loudness", "off"],
                       capture_output=True, timeout=120)
    expect(r, 4, [target, "ermission denied"], "output into a read-only folder" + (" (as nobody)" if pre else ""))
    os.chmod(ro, 0o755)
    only_files(ro, [])


def case_disk_full(d):
    """ENOSPC on a real file system: a 256 KiB tmpfs holds a good MP3 of a
    short article; rendering a long article over it runs out of space. The
    error names the output and the cause, exit 4, and the previous output
    survives byte for byte, with no temporary file left. Needs root (mount);
    skipped where tmpfs cannot be mounted. `/dev/full` is in integration.py."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        print("skip: mounting a tmpfs needs root")
        sys.exit(SKIP)
    mnt = os.path.join(d, "small")
    os.mkdir(mnt)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", mnt], capture_output=True)
    if m.returncode != 0:
        print("skip: cannot mount a tmpfs here:", m.stderr.decode().strip())
        sys.exit(SKIP)
    try:
        short = write(d, "short.txt", "Short\n\nThe council met on Monday.\n")
        target = os.path.join(mnt, "out.mp3")
        r = run(["render", short, "-o", target, "--loudness", "off"])
        if not check(r.returncode == 0, f"disk full: the first, short render failed: {err(r)[:300]!r}"):
            return
        with open(target, "rb") as f:
            good = f.read()
        r = run(["render", example(), "-o", target, "--loudness", "off"], timeout=300)
        expect(r, 4, [target, "No space left"], "render onto a full file system")
        with open(target, "rb") as f:
            check(f.read() == good, "disk full: the previous output did not survive unchanged")
        only_files(mnt, ["out.mp3"])
        for split in (["--split", os.path.join(mnt, "parts")],):
            r = run(["render", example(), "-o", target, "--loudness", "off"] + split, timeout=300)
            check(r.returncode == 4, f"disk full, --split: exit {r.returncode} ({err(r)[:300]!r})")
            with open(target, "rb") as f:
                check(f.read() == good, "disk full, --split: the previous output did not survive")
            left = sorted(os.listdir(mnt))
            check(left == ["out.mp3"] or left == ["out.mp3", "parts"] and not os.listdir(os.path.join(mnt, "parts")),
                  f"disk full, --split: left {left} {os.listdir(os.path.join(mnt, 'parts')) if 'parts' in left else ''}")
    finally:
        subprocess.run(["umount", mnt])


def case_no_side_effects(d):
    """A render writes its output and nothing else: no audio server is
    contacted, nothing is created under HOME (eSpeak NG 1.51 opens an audio
    device even when only asked for samples; see src/cli/no_audio.c), and a
    success prints nothing."""
    home = os.path.join(d, "home")
    art = write(d, "a.txt", "Title\n\nThe council met on Monday.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PULSE_"))}
    env["HOME"] = home
    r = run(["render", art, "-o", os.path.join(d, "out.mp3"), "--loudness", "off"], env=env)
    if expect(r, 0, [], "render with a HOME that does not exist"):
        check(err(r) == "", f"a successful render printed {err(r)[:300]!r}")
    check(not os.path.exists(home), f"the render created {home}: "
          f"{[os.path.join(p, x) for p, ds, fs in os.walk(home) for x in ds + fs]}")
    only_files(d, ["a.txt", "out.mp3"])


# ---------------------------------------------------------------- paths and special outputs
# Each of these was a check inside integration.py's `errors` run; here each
# is its own ctest test.


def case_empty_file(d):
    render_fails(d, "empty.txt", "", 3, ["empty"], "empty input")


def case_input_directory(d):
    sub = os.path.join(d, "folder.txt")
    os.mkdir(sub)
    r = run(["render", sub, "-o", os.path.join(d, "out.mp3"), "--loudness", "off"])
    expect(r, 3, [sub, "directory"], "input is a directory")
    only_files(d, ["folder.txt"])


def case_output_missing_dir(d):
    art = write(d, "a.txt", "Title\n\nThe council met on Monday.\n")
    target = os.path.join(d, "no", "such", "out.mp3")
    r = run(["render", art, "-o", target, "--loudness", "off"])
    expect(r, 4, [target, "does not exist"], "output into a missing folder")
    only_files(d, ["a.txt"])


def case_output_dev_full(d):
    if not os.path.exists("/dev/full"):
        print("skip: no /dev/full")
        sys.exit(SKIP)
    r = run(["render", example(), "-o", "/dev/full", "--format", "mp3", "--loudness", "off"])
    expect(r, 4, ["/dev/full", "No space left"], "output onto /dev/full")
    check(stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full is no longer a device")
    only_files(d, [])


def case_output_is_input(d):
    art = write(d, "article.txt", "Title\n\nThe council met on Monday.\n")
    r = run(["render", art, "-o", art, "--format", "mp3"])
    expect(r, 2, [art, "input"], "output path = input path")
    with open(art, encoding="utf-8") as f:
        check(f.read() == "Title\n\nThe council met on Monday.\n", "the input was changed")
    only_files(d, ["article.txt"])


def case_no_clobber(d):
    art = write(d, "a.txt", "Title\n\nThe council met on Monday.\n")
    target = write(d, "out.mp3", b"keep me")
    r = run(["render", art, "-o", target, "--no-clobber", "--loudness", "off"])
    expect(r, 4, [target, "no-clobber"], "--no-clobber onto an existing file")
    with open(target, "rb") as f:
        check(f.read() == b"keep me", "--no-clobber: the existing file changed")
    only_files(d, ["a.txt", "out.mp3"])


def interrupt(d, sig, code):
    """A render of a long article gets `sig` once its temporary file exists
    (so it is writing): exit `code`, no output, no temporary file."""
    body = open(example(), encoding="utf-8").read().split("\n\n", 1)[1]
    art = write(d, "long.txt", "A Long Article\n\n" + body * 30)
    p = subprocess.Popen([ARGS.articast, "render", art, "-o", os.path.join(d, "out.mp3")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while p.poll() is None and time.monotonic() < deadline and \
            not any(x.startswith(".articast.") and ".out.mp3." in x for x in os.listdir(d)):
        time.sleep(0.05)
    time.sleep(0.2)
    check(p.poll() is None, f"signal {sig}: the render ended before it could be interrupted")
    se = signal_and_wait(p, sig, 60, f"signal {sig}: the render did not stop")
    if check(p.returncode == code, f"signal {sig}: exit {p.returncode}, expected {code} ({se.strip()!r})"):
        print(f"ok: signal {sig} while writing: exit {code}: {se.strip()}")
    only_files(d, ["long.txt"])


def case_render_sigint(d):
    interrupt(d, signal.SIGINT, 130)


def case_render_sigterm(d):
    interrupt(d, signal.SIGTERM, 143)


def case_stdout_output(d):
    r = run(["render", example(), "-o", "-", "--loudness", "off"])
    if check(r.returncode == 0 and r.stdout[:3] == b"ID3", f"-o -: exit {r.returncode}, {r.stdout[:3]!r}"):
        print(f"ok: -o - streams an MP3 ({len(r.stdout)} bytes)")
    got = write(d, "got.mp3", r.stdout)
    p = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", got], capture_output=True)
    check(p.returncode == 0 and len(json.loads(p.stdout or b"{}").get("chapters", [])) >= 2,
          "the streamed MP3 has its chapters (ffprobe)")
    os.unlink(got)
    only_files(d, [])


def case_device_output(d):
    """A character device is written in place, never renamed onto."""
    before = os.stat("/dev/null")
    r = run(["render", example(), "-o", "/dev/null", "--format", "mp3", "--loudness", "off"])
    after = os.stat("/dev/null")
    expect(r, 0, [], "output onto /dev/null")
    check(stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino,
          "/dev/null was replaced")
    check(not any(x.startswith((".null", ".articast.")) for x in os.listdir("/dev")),
          "a temporary file was left in /dev")
    only_files(d, [])


def case_fifo_output(d):
    fifo = os.path.join(d, "pipe")
    os.mkfifo(fifo)
    got = os.path.join(d, "got.mp3")
    with open(got, "wb") as sink:
        reader = subprocess.Popen(["cat", fifo], stdout=sink)
        r = run(["render", example(), "-o", fifo, "--format", "mp3", "--loudness", "off"])
        reader.wait(timeout=120)
    with open(got, "rb") as f:
        data = f.read()
    os.unlink(got)
    expect(r, 0, [], "output into a FIFO")
    check(data[:3] == b"ID3", f"the FIFO reader got {data[:3]!r}")
    check(stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced")
    os.unlink(fifo)
    only_files(d, [])


# ---------------------------------------------------------------- configuration


def example():
    """The first plain-text example article."""
    ex = os.path.join(ARGS.source, "examples")
    return os.path.join(ex, sorted(x for x in os.listdir(ex) if x.endswith(".txt"))[0])


def voice_profile_fails(d, text, line, needle, what):
    """A narrator profile holding `text` stops the render before anything
    is written: exit 2, the message gives FILE:LINE and `needle`."""
    vdir = os.path.join(d, "voices")
    shutil.copytree(os.path.join(ARGS.source, "voices"), vdir)
    path = os.path.join(vdir, "narrator.voice")
    with open(path, "w") as f:
        f.write(text)
    art = write(d, "a.txt", "Title\n\nThe council met on Monday.\n")
    r = run(["render", art, "-o", os.path.join(d, "out.mp3"), "--loudness", "off", "--voices", vdir])
    expect(r, 2, [f"{path}:{line}", needle], what)
    shutil.rmtree(vdir)
    only_files(d, ["a.txt"])


def case_voice_bad_key(d):
    voice_profile_fails(d, "engine = en-us\n# comment\nratee = 100\n", 3, "ratee", "voice profile with a bad key")


def case_voice_out_of_range(d):
    voice_profile_fails(d, "engine = en-us\nrate = 5000\n", 2, "out of range", "voice profile value out of range")


def case_lexicon_missing_fields(d):
    lex = write(d, "extra.tsv", "# extra entries\nword\tcolour\tcolor\ncurrency\tZZ$\n")
    art = write(d, "a.txt", "Title\n\nThe council met on Monday.\n")
    r = run(["render", art, "-o", os.path.join(d, "out.mp3"), "--loudness", "off", "--lexicon", lex])
    expect(r, 2, [lex + ":3"], "lexicon line with missing fields")
    only_files(d, ["extra.tsv", "a.txt"])


def case_unknown_voice_in_casting(d):
    vdir = os.path.join(d, "voices")
    shutil.copytree(os.path.join(ARGS.source, "voices"), vdir)
    casting = os.path.join(vdir, "casting")
    with open(casting, "a") as f:
        f.write("")
    with open(casting) as f:
        text = f.read().replace("narration = narrator", "narration = nobody-here")
    with open(casting, "w") as f:
        f.write(text)
    art = write(d, "a.txt", "Title\n\nThe council met on Monday.\n")
    r = run(["render", art, "-o", os.path.join(d, "out.mp3"), "--loudness", "off", "--voices", vdir])
    expect(r, 2, [casting, "nobody-here"], "unknown voice in the casting")
    shutil.rmtree(vdir)
    only_files(d, ["a.txt"])


def case_bitrate_999(d):
    art = write(d, "a.txt", "Title\n\nThe council met on Monday.\n")
    r = run(["render", art, "-o", os.path.join(d, "out.mp3"), "--loudness", "off", "--bitrate", "999"])
    expect(r, 2, ["999", "bitrate"], "--bitrate 999")
    only_files(d, ["a.txt"])


def case_shard_3_of_2(d):
    os.mkdir(os.path.join(d, "in"))
    write(d, "in/a.txt", "Title\n\nThe council met on Monday.\n")
    outdir = os.path.join(d, "out")
    r = run(["batch", os.path.join(d, "in"), "--out-dir", outdir, "--shard", "3/2", "--loudness", "off"])
    expect(r, 2, ["--shard", "3/2"], "--shard 3/2")
    check(not os.path.exists(outdir) or not os.listdir(outdir), f"--shard 3/2: {outdir} holds files")
    if os.path.exists(outdir):
        os.rmdir(outdir)
    os.unlink(os.path.join(d, "in", "a.txt"))
    os.rmdir(os.path.join(d, "in"))
    only_files(d, [])


# ---------------------------------------------------------------- security


def case_markup_as_text(d):
    """Text never becomes engine markup (SSML or eSpeak's own): tags and
    entities in a plain-text article are read as text, and `script` keeps
    them."""
    data = ("Markup in Text\n\n"
            "The page said <speak>hello</speak> and then <audio src=\"x\"> played.\n\n"
            "Fish &amp; chips cost less, said the menu.\n")
    path = write(d, "markup.txt", data)
    s, r = script_json(path, "markup as text")
    if s is not None:
        texts = " ".join(t["text"] for t in turns(s))
        # the script holds the spoken words: the tags and the entity are
        # there, read out, not swallowed as markup
        for needle in ("speak", "audio src", "amp"):
            check(needle in texts, f"markup as text: script lost {needle!r}: {texts[:400]!r}")
        print(f"ok: markup as text: script reads {texts[:160]!r}")
    os.unlink(path)
    render_ok(d, "markup.txt", data, "markup as text")


CASES = {name[5:]: fn for name, fn in sorted(globals().items()) if name.startswith("case_")}


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast")
    ap.add_argument("--source")
    ap.add_argument("--slow-close", help="the slow_close shim, for fifo_input")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("case", nargs="?", choices=sorted(CASES))
    ARGS = ap.parse_args()
    if ARGS.list:
        print("\n".join(sorted(CASES)))
        return
    if not ARGS.articast or not ARGS.case:
        ap.error("--articast and a case are required")
    with tempfile.TemporaryDirectory() as d:
        try:
            CASES[ARGS.case](d)
        finally:
            for root, dirs, _ in os.walk(d):  # let the cleanup in after a chmod case
                for x in dirs:
                    os.chmod(os.path.join(root, x), 0o755)
    print(f"{len(FAILURES)} failed" if FAILURES else "all checks passed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
