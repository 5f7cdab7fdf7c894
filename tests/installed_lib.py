#!/usr/bin/env python3
"""The library as a user gets it: installed with `cmake --install` into a
temporary prefix, then installed_lib.c built against it with pkg-config and
run with LD_LIBRARY_PATH at the installed lib. The program renders a short
article from zero-filled at_options and at_render_options, and again from
at_options_init and at_render_options_init: the two MP3s must be the same
bytes, CBR, at the default LAME quality (7), as the header promises. The
installed tool serves too (docs/install.md): its `articast serve`, with
the installed voices, answers /healthz and makes an edition's MP3.

usage: installed_lib.py --build DIR --source DIR --cc CC [--cflags FLAGS]
"""
import argparse
import glob
import os
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_common import Server  # noqa: E402

ARTICLE = """Harbour Opens Early

The harbour opened at nine on Saturday. Visitors came from the whole island,
and the ferries left on time.

The festival ends on Sunday evening, the organisers said.
"""

DEFAULT_QUALITY = 7  # at_options.mp3_quality 0, documented in articast.h


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)}: exit {r.returncode}\n{r.stdout}{r.stderr}")
    return r.stdout


def info_quality(path):
    """The kind ("Info" for CBR, "Xing" for VBR) and the quality indicator
    of LAME's Info frame, the first MPEG frame after the ID3v2 tag. After
    the frame header (4 bytes) and the side info (9 bytes in MPEG-2 mono,
    17 in MPEG-1) come "Info" or "Xing", a big-endian flags word, then per
    flag the frame count (0x1, 4 bytes), the byte count (0x2, 4), the TOC
    (0x4, 100) and the quality indicator (0x8, 4, big-endian): with all four
    flags, which LAME always sets, 116 bytes after "Info", just before the
    "LAME3.100" tag. LAME stores 100 - 10 * V - q there: q the algorithm
    quality, V the VBR quality, 4 in CBR. So -q 7 gives 53, and -q 0 60."""
    with open(path, "rb") as f:
        d = f.read(1 << 16)
    tag = 10 + (d[6] << 21 | d[7] << 14 | d[8] << 7 | d[9]) if d[:3] == b"ID3" else 0
    side = 17 if d[tag + 1] & 0x08 else 9  # the version bit: MPEG-1 or MPEG-2
    at = tag + 4 + side
    kind = d[at:at + 4].decode("latin-1")
    flags = int.from_bytes(d[at + 4:at + 8], "big")
    if kind not in ("Info", "Xing") or not flags & 8:
        sys.exit(f"FAIL: {path}: no Info frame with a quality indicator at byte {at} ({kind!r}, flags {flags:#x})")
    q = at + 8 + 4 * bool(flags & 1) + 4 * bool(flags & 2) + 100 * bool(flags & 4)
    if d[q + 4:q + 8] != b"LAME":
        sys.exit(f"FAIL: {path}: no LAME tag after the quality indicator at byte {q}")
    return kind, int.from_bytes(d[q:q + 4], "big")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--cflags", default="")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        prefix = os.path.join(d, "prefix")
        run(["cmake", "--install", args.build, "--prefix", prefix])
        pcdirs = glob.glob(os.path.join(prefix, "lib*", "**", "pkgconfig"), recursive=True)
        if len(pcdirs) != 1:
            sys.exit(f"FAIL: expected one pkgconfig folder in the prefix, found {pcdirs}")
        env = dict(os.environ, PKG_CONFIG_PATH=pcdirs[0])
        flags = shlex.split(run(["pkg-config", "--cflags", "--libs", "articast"], env=env))
        libdir = next((f[2:] for f in flags if f.startswith("-L")), None)
        if not libdir or not os.path.realpath(libdir).startswith(os.path.realpath(prefix)):
            sys.exit(f"FAIL: pkg-config gives {flags}: not the installed prefix {prefix}")
        prog = os.path.join(d, "installed_lib")
        run([args.cc, "-std=c11", "-Wall", "-Werror", *shlex.split(args.cflags),
             os.path.join(args.source, "tests", "installed_lib.c"), "-o", prog, *flags])
        env = dict(os.environ, LD_LIBRARY_PATH=libdir,
                   ARTICAST_VOICES=os.path.join(prefix, "share", "articast", "voices"))
        lib = [l for l in run(["ldd", prog], env=env).splitlines() if "libarticast" in l]
        if not lib or os.path.realpath(libdir) not in os.path.realpath(lib[0].split("=>")[1].split()[0]):
            sys.exit(f"FAIL: the program does not load the installed library: {lib}")
        article = os.path.join(d, "article.txt")
        with open(article, "w", encoding="utf-8") as f:
            f.write(ARTICLE)
        zero, init = os.path.join(d, "zero.mp3"), os.path.join(d, "init.mp3")
        run([prog, "zero", article, zero], env=env, timeout=300)
        run([prog, "init", article, init], env=env, timeout=300)
        want = 100 - 10 * 4 - DEFAULT_QUALITY
        failed = False
        for path in (zero, init):
            kind, q = info_quality(path)
            print(f"{os.path.basename(path)}: {kind} frame, quality indicator {q} (want Info, {want})")
            failed |= kind != "Info" or q != want
        with open(zero, "rb") as a, open(init, "rb") as b:
            same = a.read() == b.read()
        print(f"zero-filled and *_init renders are {'the same' if same else 'DIFFERENT'} bytes")
        if failed or not same:
            sys.exit("FAIL: a zero-filled struct does not render as the defaults")
        print("ok: the installed library renders a zero-filled struct at the defaults")
        serves(prefix, d)
    print("ok: the installed tool serves")


def serves(prefix, d):
    """The installed bin/articast has `serve`: it starts with the
    installed voices, is healthy, and makes an edition."""
    voices = os.path.join(prefix, "share", "articast", "voices")
    srv = Server(os.path.join(prefix, "bin", "articast"), os.path.join(d, "serve"), "--workers", "1",
                 "--voices", voices)
    try:
        health = srv.request("GET", "/healthz")[0]
        st, job, _ = srv.json("POST", "/v1/editions", {"text": ARTICLE})
        done = srv.wait_done(job["id"], timeout=120) if st == 202 else {}
        mp3 = srv.request("GET", "/v1/editions/%s/files/edition.mp3" % job["id"]) if st == 202 else (0, {}, b"")
    finally:
        rc = srv.stop()
    if health != 200 or done.get("status") != "done" or mp3[0] != 200 or \
            mp3[1].get("content-type") != "audio/mpeg" or rc != 0:
        sys.exit(f"FAIL: the installed articast serve: /healthz {health}, edition {done.get('status')}, "
                 f"MP3 {mp3[0]} {mp3[1].get('content-type')}, exit {rc}")


if __name__ == "__main__":
    main()
