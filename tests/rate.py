#!/usr/bin/env python3
"""Listening speed (--rate, --rate-wpm) and voice previews, checked from
the outside: ffprobe and ffmpeg read the audio and its chapters, eSpeak NG
gives its own phonemes, Python's wave module reads the previews.

  duration         the reference article (and an example) at rates 1, 2
                   and 3: length within 10% of 1/rate, every chapter start
                   and every sentence's first VTT cue start within 20 ms of
                   a sound onset,
                   the loudness on target
  intelligibility  rate 3 against rate 1: eSpeak NG's phonemes for every
                   sentence are the same, and every sentence still has its
                   syllables (energy peaks) in the audio
  preview          voices --preview: a WAV per profile, the name and the
                   sentence, --text and --rate heard, a planted symlink
                   replaced, never followed
  usage            bad values get a usage error (exit 2) and write nothing;
                   the speed is in the ID3 comment and in the batch stamp

usage: rate.py --articast BIN --source DIR MODE
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import podcast  # noqa: E402  (its check, run, probe and vtt_cues)

check, run, probe, vtt_cues = podcast.check, podcast.run, podcast.probe, podcast.vtt_cues

HZ = 22050
AUDIBLE = 16      # the renderer's onset level (-66 dBFS)
QUIET_MS = 50     # an onset follows at least this much near-silence
TOLERANCE_MS = 20


def articles(args):
    """The reference article when ../shared is beside the tree, and always
    an example, so the test never passes on nothing."""
    seeds = sorted(glob.glob(os.path.join(args.source, "..", "shared", "seeds", "*.txt")))[:1]
    if not seeds:
        print("note: no ../shared/seeds beside the source tree; the examples only")
    return seeds + [os.path.join(args.source, "examples", "harbour-news.md")]


def pcm(path):
    """Mono 16-bit samples of a WAV file, read with Python's wave module."""
    with wave.open(path, "rb") as w:
        check(w.getframerate() == HZ and w.getnchannels() == 1 and w.getsampwidth() == 2,
              f"{os.path.basename(path)} is 22.05 kHz mono 16-bit")
        data = w.readframes(w.getnframes())
    return memoryview(data).cast("h")


def onset_near(x, t_ms):
    """The sound onset within TOLERANCE_MS of t_ms: the first audible
    sample at or after t - 20 ms that follows QUIET_MS of near-silence.
    Returns its time in ms, or None."""
    lo = max(0, int((t_ms - TOLERANCE_MS) * HZ / 1000))
    hi = min(len(x), int((t_ms + TOLERANCE_MS) * HZ / 1000) + 1)
    quiet = int(QUIET_MS * HZ / 1000)
    for i in range(lo, hi):
        if abs(x[i]) >= AUDIBLE:
            before = x[max(0, i - quiet):i]
            if i >= quiet and any(abs(v) >= AUDIBLE for v in before):
                return None  # inside speech, not at an onset
            return i * 1000.0 / HZ
    return None


def render(args, art, d, name, extra):
    base = os.path.join(d, name)
    r = run([args.articast, "render", art, "-o", base + ".mp3", "-o", base + ".wav", "--vtt", base + ".vtt",
             "--chapters-json", base + ".json"] + extra)
    check(r.returncode == 0, f"render {os.path.basename(art)} {' '.join(extra)}: {r.stderr.strip()[:200]}")
    return base


def duration(path):
    return float(probe(path)["format"]["duration"])


def cmd_duration(args):
    for art in articles(args):
        label = os.path.basename(art)
        with tempfile.TemporaryDirectory() as d:
            bases = {r: render(args, art, d, f"r{r}", ["--rate", str(r)]) for r in (1, 2, 3)}
            d1 = duration(bases[1] + ".mp3")
            for rate, base in bases.items():
                dur = duration(base + ".mp3")
                ratio = dur / d1 * rate
                print(f"{label} rate {rate}: {dur:.3f} s, {ratio:.3f} of 1/rate")
                check(abs(ratio - 1) <= 0.10, f"{label} at rate {rate} lasts {dur:.1f} s, {ratio:.3f} x 1/rate "
                      "(within 10%)")
                lufs, peak = podcast.loudness(base + ".wav")
                check(abs(lufs + 16) <= 0.5 and peak <= -0.5, f"{label} rate {rate}: loudness {lufs} LUFS, true peak "
                      f"{peak} dBFS (ffmpeg's ebur128; target -16, ceiling -1)")
                x = pcm(base + ".wav")
                info = probe(base + ".mp3")
                chapters = [float(c["start_time"]) * 1000 for c in info.get("chapters", [])]
                js = [c["startTime"] * 1000 for c in json.load(open(base + ".json"))["chapters"]]
                check(len(chapters) >= 2 and all(abs(a - b) <= 1 for a, b in zip(chapters, js)),
                      f"{label} rate {rate}: ID3 chapters and chapters JSON agree ({len(chapters)} chapters)")
                worst = 0.0
                for k, t in enumerate(chapters[1:], 1):
                    o = onset_near(x, t)
                    check(o is not None, f"{label} rate {rate}: chapter {k + 1} at {t:.0f} ms starts at a sound onset")
                    if o is not None:
                        worst = max(worst, abs(o - t))
                print(f"{label} rate {rate}: chapter starts within {worst:.1f} ms of the onset")
                cues = vtt_cues(base + ".vtt")
                bad, worst = [], 0.0
                # a long sentence is several cues, and only its first starts
                # at a sound (the others where a word starts, often inside
                # the sound): a cue opens a sentence when the cue before
                # ends with a full stop, question or exclamation mark
                opening = [c for p, c in zip(cues, cues[1:]) if re.search(r"[.!?…][\"”’)\]]*$", p[3])]
                check(len(opening) >= 10, f"{label} rate {rate}: {len(opening)} of {len(cues)} VTT cues open a "
                      "sentence")
                for start, _end, _who, text in opening:
                    o = onset_near(x, start)
                    if o is None:
                        bad.append((start, text[:40]))
                    else:
                        worst = max(worst, abs(o - start))
                check(not bad, f"{label} rate {rate}: all {len(opening)} sentence-opening VTT cue starts lie within "
                      f"20 ms of a sound onset (worst {worst:.1f} ms; off: {bad[:3]})")
                check(cues and cues[0][0] == 0, f"{label} rate {rate}: the first cue starts at 0")


def syllables(x, a_ms, b_ms, rate):
    """Energy peaks in [a, b): 10 ms frames (divided by the rate), a
    5-frame smoothing, peaks rising 6 dB over the valley before them and
    within 35 dB of the loudest frame. A rough count of syllables."""
    import math
    hop = max(1, int(HZ * 0.010 / rate))
    a, b = int(a_ms * HZ / 1000), int(b_ms * HZ / 1000)
    env = []
    for s in range(a, b - hop, hop):
        e = sum(v * v for v in x[s:s + hop]) / hop
        env.append(10 * math.log10(e + 1))
    if not env:
        return 0
    sm = [sum(env[max(0, i - 2):i + 3]) / len(env[max(0, i - 2):i + 3]) for i in range(len(env))]
    top, count, valley, peak = max(sm), 0, sm[0], None
    for v in sm[1:]:
        if peak is None:
            valley = min(valley, v)
            if v - valley >= 6 and v > top - 35:
                peak = v
        else:
            peak = max(peak, v)
            if peak - v >= 6:
                count += 1
                peak, valley = None, v
    return count + (1 if peak is not None else 0)


def cmd_intelligibility(args):
    art = articles(args)[0]
    with tempfile.TemporaryDirectory() as d:
        r = run([args.articast, "script", art, "--json"])
        if not check(r.returncode == 0, "script --json"):
            return
        script = json.loads(r.stdout)
        sentences = [t["text"] for t in script["turns"]]
        # eSpeak NG's own phonemes at the narrator's rate and at 3 times it
        ph = {}
        for wpm in (165, 495):
            out = []
            for s in sentences:
                p = run(["espeak-ng", "-q", "-x", "-v", "en-us", "-s", str(wpm), s])
                out.append(" ".join(p.stdout.split()))
            ph[wpm] = out
        same = sum(1 for a, b in zip(ph[165], ph[495]) if a == b)
        check(same == len(sentences), f"eSpeak NG's phonemes at 495 wpm equal those at 165 for {same} of "
              f"{len(sentences)} turns")
        b1 = render(args, art, d, "r1", ["--rate", "1"])
        b3 = render(args, art, d, "r3", ["--rate", "3"])
        x1, x3 = pcm(b1 + ".wav"), pcm(b3 + ".wav")
        c1, c3 = vtt_cues(b1 + ".vtt"), vtt_cues(b3 + ".vtt")
        if not check(len(c1) == len(c3) and c1, f"the same {len(c1)} sentences at rate 1 and 3 ({len(c3)})"):
            return
        n1 = [syllables(x1, a, b, 1) for a, b, _, _ in c1]
        n3 = [syllables(x3, a, b, 3) for a, b, _, _ in c3]
        # eSpeak NG's own phoneme lengths separate syllables more sharply at
        # higher rates (rate 2 gives about 9% more peaks than rate 1), so
        # the check is one-sided: rate 3 loses none of them
        kept = sum(1 for a, b in zip(n1, n3) if b >= a - max(2, 0.15 * a))
        print(f"syllable peaks: {sum(n1)} at rate 1, {sum(n3)} at rate 3; {kept} of {len(n1)} sentences keep "
              "85% (or all but 2)")
        check(0.92 * sum(n1) <= sum(n3) <= 1.25 * sum(n1), f"rate 3 keeps the syllables: {sum(n3)} peaks for "
              f"{sum(n1)} at rate 1")
        check(kept >= 0.95 * len(n1), f"{kept} of {len(n1)} sentences keep their syllables at rate 3 (95% needed)")


def wav_seconds(path):
    with wave.open(path, "rb") as w:
        return w.getnframes() / w.getframerate()


def cmd_preview(args):
    profiles = sorted(os.path.basename(p)[:-6] for p in glob.glob(os.path.join(args.source, "voices", "*.voice")))
    check(len(profiles) >= 10, f"{len(profiles)} voice profiles in voices/")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "preview", "new")  # two levels: the last is created
        os.mkdir(os.path.dirname(out))
        r = run([args.articast, "voices", "--voices", os.path.join(args.source, "voices"), "--preview", out])
        check(r.returncode == 0, f"voices --preview: {r.stderr.strip()[:200]}")
        got = sorted(n[:-4] for n in os.listdir(out) if n.endswith(".wav"))
        check(got == profiles, f"a WAV per profile ({len(got)} for {len(profiles)}); nothing else: "
              f"{sorted(set(os.listdir(out)) - {p + '.wav' for p in profiles})}")
        secs = {p: wav_seconds(os.path.join(out, p + ".wav")) for p in got}
        check(all(3 <= s <= 15 for s in secs.values()), f"each preview lasts 3 to 15 s ({min(secs.values()):.1f} to "
              f"{max(secs.values()):.1f})")
        info = probe(os.path.join(out, got[0] + ".wav"))
        check(info.get("format", {}).get("tags", {}).get("title") == got[0], "a preview's title tag is its profile")
        # the name is spoken: a longer name gives a longer file for the same voice
        # settings; and --text and --rate are heard
        two = os.path.join(d, "two")
        os.mkdir(two)
        outside = os.path.join(d, "outside.wav")
        with open(outside, "w") as f:
            f.write("keep me")
        os.symlink(outside, os.path.join(two, "narrator.wav"))
        r = run([args.articast, "voices", "--voices", os.path.join(args.source, "voices"), "--preview", two,
                 "--text", "Short.", "--rate", "2"])
        check(r.returncode == 0, f"voices --preview --text --rate 2: {r.stderr.strip()[:200]}")
        check(open(outside).read() == "keep me", "a symlink planted at a preview's name is not written through")
        check(not os.path.islink(os.path.join(two, "narrator.wav")), "the planted symlink is replaced by the file")
        s2 = wav_seconds(os.path.join(two, "narrator.wav"))
        check(s2 < secs["narrator"] / 2, f"--text Short. --rate 2 is shorter: {s2:.2f} s against "
              f"{secs['narrator']:.2f} s")
        check(sorted(os.listdir(two)) == sorted(p + ".wav" for p in profiles), "no temporary file is left")


def cmd_usage(args):
    art = os.path.join(args.source, "examples", "harbour-news.md")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "x.mp3")
        for bad in (["--rate", "0"], ["--rate", "-1"], ["--rate", "10"], ["--rate", "fast"], ["--rate", "nan"],
                    ["--rate", ""], ["--rate-wpm", "0"], ["--rate-wpm", "fast"], ["--rate-wpm", "2000"],
                    ["--rate-wpm", "1000"], ["--rate", "2", "--rate-wpm", "300"]):
            r = run([args.articast, "render", art, "-o", out] + bad)
            check(r.returncode == 2 and "rate" in r.stderr and not os.path.exists(out),
                  f"{' '.join(bad)}: exit {r.returncode} (2), says {r.stderr.strip()[:90]!r}, writes nothing")
        r = run([args.articast, "voices", "--preview", os.path.join(d, "p"), "--rate", "9"])
        check(r.returncode == 2 and not os.path.exists(os.path.join(d, "p")), "voices --preview --rate 9: exit 2")
        # the speed is in the ID3 comment
        r = run([args.articast, "render", art, "-o", out, "--rate-wpm", "330", "--comment", "Desk copy."])
        check(r.returncode == 0, f"--rate-wpm 330: {r.stderr.strip()[:200]}")
        tags = {k.lower(): v for k, v in probe(out)["format"].get("tags", {}).items()}
        check(tags.get("comment", "") == "Desk copy. Read at 1.93x speed (narrator 330 words a minute).",
              f"the ID3 comment records the speed: {tags.get('comment')!r}")
        # a batch re-renders when the speed changes, and only then
        outdir = os.path.join(d, "out")
        cmd = [args.articast, "batch", art, "--out-dir", outdir, "--resume", "-j", "1", "--progress", "jsonl"]
        runs = [run(cmd), run(cmd), run(cmd + ["--rate", "1.5"]), run(cmd + ["--rate", "1.5"])]
        kinds = []
        for r in runs:
            ev = [json.loads(line).get("event") for line in r.stderr.splitlines() if line.startswith("{")]
            kinds.append("skip" if "skip" in ev else "done" if "done" in ev else "?")
        check(kinds == ["done", "skip", "done", "skip"], f"batch --resume: {kinds} for rate 1, 1, 1.5, 1.5")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("mode", choices=["duration", "intelligibility", "preview", "usage"])
    args = ap.parse_args()
    {"duration": cmd_duration, "intelligibility": cmd_intelligibility, "preview": cmd_preview,
     "usage": cmd_usage}[args.mode](args)
    if podcast.FAILURES:
        print(f"{len(podcast.FAILURES)} failure(s)")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
