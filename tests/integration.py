#!/usr/bin/env python3
"""Integration tests for articast: render articles, then check the results
with independent readers (ffprobe, mp3val, libsndfile through wav_cues), and
check the command line's error cases: message, exit code, nothing left
behind.

usage: integration.py --articast BIN --wav-cues BIN --source DIR {render,errors,seed}
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)
    return cond


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def script_json(args, path):
    r = run([args.articast, "script", path, "--json"])
    if not check(r.returncode == 0, f"script {path}: exit {r.returncode}: {r.stderr}"):
        return None
    return json.loads(r.stdout)


def ffprobe(path):
    r = run(["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", path])
    check(r.returncode == 0, f"ffprobe {path}: {r.stderr}")
    return json.loads(r.stdout or "{}")


def check_chapters(path, titles):
    """One chapter per section, right titles, strictly increasing starts
    from zero, each ending where the next starts, the last within 50 ms of
    a WAV's duration, and in an MP3 exactly at TLEN, the audio's length (the
    frames' padding after it is not audio)."""
    info = ffprobe(path)
    chapters = info.get("chapters", [])
    duration = float(info.get("format", {}).get("duration", 0))
    tlen = info.get("format", {}).get("tags", {}).get("TLEN")
    if path.endswith(".mp3") and chapters:
        check(tlen is not None and round(float(chapters[-1]["end_time"]) * 1000) == int(tlen),
              f"{path}: the last chapter ends at {chapters[-1]['end_time']} s, TLEN is {tlen} ms")
    got = [c.get("tags", {}).get("title") for c in chapters]
    check(got == titles, f"{path}: chapter titles {got!r}, expected {titles!r}")
    starts = [float(c["start_time"]) for c in chapters]
    ends = [float(c["end_time"]) for c in chapters]
    check(starts and starts[0] == 0.0, f"{path}: first chapter starts at {starts[:1]}")
    check(all(a < b for a, b in zip(starts, starts[1:])), f"{path}: starts not increasing: {starts}")
    check(all(abs(e - s) < 0.0011 for e, s in zip(ends, starts[1:])), f"{path}: gaps between chapters")
    # ffprobe counts an MP3's encoder delay and padding in its duration
    # (about 70 ms at 22.05 kHz); a WAV's is its samples
    slack = (0, 0.1) if path.endswith(".mp3") else (-0.05, 0.05)
    check(ends and slack[0] <= duration - ends[-1] <= slack[1],
          f"{path}: last chapter ends at {ends[-1:]} but the duration is {duration}")
    check(duration > 5, f"{path}: duration {duration} s is too short")
    return starts, duration


def check_mp3val(path):
    r = run(["mp3val", path])
    problems = [l for l in r.stdout.splitlines() if l.startswith(("WARNING", "ERROR"))]
    check(r.returncode == 0 and not problems, f"mp3val {path}: {problems or r.stdout}")


def check_wav(args, path, titles, mp3_starts):
    r = run([args.wav_cues, path])
    if not check(r.returncode == 0, f"wav_cues {path}: {r.stderr}"):
        return
    lines = r.stdout.splitlines()
    frames, rate = (int(x) for x in lines[0].split("\t"))
    cues = [l.split("\t", 2) for l in lines[1:]]
    labels = [c[2] for c in cues]
    positions = [int(c[0]) for c in cues]
    check(labels == titles, f"{path}: libsndfile reads labels {labels!r}, expected {titles!r}")
    check(all(int(c[0]) == int(c[1]) for c in cues), f"{path}: dwPosition differs from dwSampleOffset")
    check(positions and positions[0] == 0 and all(a < b for a, b in zip(positions, positions[1:])),
          f"{path}: cue positions {positions}")
    check(positions[-1] < frames, f"{path}: a cue lies past the end ({positions[-1]} >= {frames})")
    # the same chapter marks as the MP3, to the millisecond
    wav_starts = [round(p * 1000 / rate) / 1000 for p in positions]
    check(all(abs(a - b) < 0.0015 for a, b in zip(wav_starts, mp3_starts)),
          f"{path}: WAV cues {wav_starts} differ from MP3 chapters {mp3_starts}")


def only_files(d, names):
    left = sorted(os.listdir(d))
    check(left == sorted(names), f"{d}: holds {left}, expected only {sorted(names)}")


def render_one(args, article, out_dir):
    s = script_json(args, article)
    if s is None:
        return
    titles = [sec["title"] for sec in s["sections"]]
    base = os.path.splitext(os.path.basename(article))[0]
    mp3 = os.path.join(out_dir, base + ".mp3")
    wav = os.path.join(out_dir, base + ".wav")
    for out in (mp3, wav):
        r = run([args.articast, "render", article, "-o", out])
        check(r.returncode == 0, f"render {article} -> {out}: exit {r.returncode}: {r.stderr}")
    starts, _ = check_chapters(mp3, titles)
    check_mp3val(mp3)
    check_chapters(wav, titles)
    check_wav(args, wav, titles, starts)
    only_files(out_dir, [base + ".mp3", base + ".wav"])
    print(f"ok: {article}: {len(titles)} chapters in MP3 and WAV")
    return titles


def cmd_render(args):
    articles = sorted(glob.glob(os.path.join(args.source, "examples", "*.txt")))
    check(len(articles) >= 2, f"examples/ holds {len(articles)} articles; expected at least 2")
    for a in articles:
        with tempfile.TemporaryDirectory() as d:
            titles = render_one(args, a, d)
            check(titles is not None and len(titles) >= 2, f"{a}: expected sections, got {titles}")


def cmd_seed(args):
    seeds = sorted(glob.glob(os.path.join(args.source, "..", "shared", "seeds", "*.txt")))
    if not seeds:
        print("skip: no ../shared/seeds beside the source tree")
        sys.exit(77)
    want = ["ICRC for Europe and Central Asia Encourages Kazakhstan\u2019s Voice in Humanitarian Law Reinforcement",
            "ICRC-Kazakhstan cooperation",
            "Movement\u2019s response to massive floods in Kazakhstan"]
    with tempfile.TemporaryDirectory() as d:
        titles = render_one(args, seeds[0], d)
        check(titles == want, f"seed sections {titles!r}")


def expect_error(args, argv, code, needles, what, cwd=None):
    r = run([args.articast] + argv, cwd=cwd)
    ok = check(r.returncode == code, f"{what}: exit {r.returncode}, expected {code} ({r.stderr.strip()})")
    for n in needles:
        ok &= check(n in r.stderr, f"{what}: message {r.stderr.strip()!r} lacks {n!r}")
    if ok:
        print(f"ok: {what}: exit {code}: {r.stderr.strip().splitlines()[0] if r.stderr.strip() else ''}")
    return r


def cmd_errors(args):
    example = sorted(glob.glob(os.path.join(args.source, "examples", "*.txt")))[0]
    with tempfile.TemporaryDirectory() as d:
        missing = os.path.join(d, "nope.txt")
        out = os.path.join(d, "out.mp3")
        expect_error(args, ["render", missing, "-o", out], 3, [missing], "missing input")
        binary = os.path.join(d, "image.txt")
        with open(binary, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
        expect_error(args, ["render", binary, "-o", out], 3, [binary], "binary input")
        bad = os.path.join(d, "latin1.txt")
        with open(bad, "wb") as f:
            f.write(b"Title\n\nCaf\xe9 society.\n")
        # Latin-1 text is converted, with a warning naming the file
        r = run([args.articast, "script", bad])
        check(r.returncode == 0 and bad in r.stderr and "Windows-1252" in r.stderr and "Caf\u00e9" in r.stdout,
              f"latin-1 input: exit {r.returncode}: {r.stderr.strip()!r} {r.stdout!r}")
        os.unlink(binary)
        os.unlink(bad)
        only_files(d, [])

        expect_error(args, ["render", example, "-o", d], 4, [d], "output is a folder")
        expect_error(args, ["render", example, "-o", os.path.join(d, "out.ogg")], 2, ["out.ogg", "format"],
                     "unknown format from extension")
        expect_error(args, ["render", example, "-o", out, "--format", "flac"], 2, ["flac"], "unknown --format")
        expect_error(args, ["render", example], 2, ["-o"], "no output")
        expect_error(args, ["render", "-o", out], 2, ["article"], "no input")
        expect_error(args, ["frobnicate"], 2, ["frobnicate"], "unknown command")
        expect_error(args, [], 2, ["command"], "no command")
        expect_error(args, ["render", example, "-o", out, "--bitrate", "9999"], 2, ["9999"], "bad bitrate")
        expect_error(args, ["render", example, "-o", out, "--voices", os.path.join(d, "none")], 2,
                     [os.path.join(d, "none")], "missing voices folder")
        # a failed render leaves nothing behind, and never replaces a good file
        with open(out, "wb") as f:
            f.write(b"previous good output")
        expect_error(args, ["render", missing, "-o", out], 3, [missing], "failed render keeps old output")
        with open(out, "rb") as f:
            check(f.read() == b"previous good output", "a failed render changed the existing output")
        only_files(d, ["out.mp3"])

    quote_endings(args)
    # paths, special outputs, voice profiles and signals: tests/bad_input.py

    for flag in ("--help", "--version"):
        r = run([args.articast, flag])
        check(r.returncode == 0 and r.stdout, f"{flag}: exit {r.returncode}")
    r = run([args.articast, "normalize"], input="Hello world.\nSecond line\n")
    check(r.returncode == 0 and len(r.stdout.splitlines()) == 2, f"normalize: {r.returncode} {r.stdout!r}")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "lines.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("Oct. 28-31\nIn 1954\n")
        r = run([args.articast, "normalize", path], input="")
        check(r.returncode == 0 and r.stdout == "October twenty-eighth to thirty-first\nIn nineteen fifty-four\n",
              f"normalize FILE: {r.returncode} {r.stdout!r}")
        r = run([args.articast, "normalize", os.path.join(d, "missing.txt")])
        check(r.returncode == 3 and "missing.txt: cannot open" in r.stderr,
              f"normalize of a missing file: {r.returncode} {r.stderr!r}")
    r = run([args.articast, "voices"])
    check(r.returncode == 0 and "narration" in r.stdout, f"voices: {r.returncode} {r.stdout!r}")
    r = run([args.articast, "voices", "extra"])
    check(r.returncode == 2 and "unexpected argument extra" in r.stderr, f"voices extra: {r.returncode} {r.stderr!r}")


def quote_endings(args):
    """A quotation that ends its sentence before the closing mark is
    spoken once, whatever the mark."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "q.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("Quote Endings\n\n\u201cGo now!\u201d she shouted.\n\n\u201cIs it true?\u201d he asked.\n\n"
                    "\u201cIt is over.\u201d said Vella.\n")
        s = script_json(args, path)
        quotes = [t["text"] for t in s["turns"] if t["kind"] == "quote"] if s else []
        check(quotes == ["Go now!", "Is it true?", "It is over."], f"quotations spoken once: {quotes}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--wav-cues", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("what", choices=["render", "errors", "seed"])
    args = ap.parse_args()
    {"render": cmd_render, "errors": cmd_errors, "seed": cmd_seed}[args.what](args)
    print(f"{len(FAILURES)} failed" if FAILURES else "all checks passed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
