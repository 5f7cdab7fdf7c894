#!/usr/bin/env python3
"""Voice roster measurements and checks (not a ctest test: it needs numpy).

  python3 bench/voices.py --articast build/articast [--voices DIR]
      [--profiles a,b,...] [--no-check] [--keep DIR]

Every profile that `articast voices` lists reads the same short news text
as the narrator (`articast render TEXT -o X.wav --narrator PROFILE
--loudness off --vtt X.vtt`). The headline, one word, is the anchor's; the
WebVTT cues give its end, so only the profile's own speech is measured
(`articast script --json` confirms that every turn after the headline has
the profile's voice). Over 40 ms frames every 10 ms:

  F0        normalized autocorrelation, 60..500 Hz; a frame is voiced when it
            is within 30 dB of the loud frames and its best peak reaches
            0.5; the shortest lag within 90 % of the best peak wins, which
            keeps the tracker off the octave below. Median and 10th..90th
            percentile over voiced frames.
  centroid  the amplitude-weighted mean frequency of the Hann-windowed
            spectrum (0..fs/2), averaged over voiced frames.
  level     RMS of the frames within 30 dB of the loud ones, dB full scale
            (for the profiles' `volume`; the programme is normalized later).

It prints a Markdown table and checks the rules of voices/README.md:

  gender    female profiles: median F0 >= 175 Hz; male: <= 135 Hz;
            unknown: 145..170 Hz (never heard as clearly male or female).
  distinct  two profiles are told apart when their median F0 differ by a
            ratio of 1.08 or more, or their spectral centroids by 12 % or
            more (of the lower), or when both the eSpeak NG voice (accent)
            and the variant (formants) differ. Checked for every pair in
            female + unknown and in male + unknown (a pool that runs out
            borrows from `unknown`, and unknown speakers share articles with
            both), and for every quote profile against the narration and
            title/heading profiles.

Exit status 1 lists the violations; --no-check, and --profiles (a subset),
only measure, e.g. candidates in a scratch --voices folder.
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import wave


def need_numpy():
    """numpy from Debian (python3-numpy) lives in /usr/bin/python3's path;
    an interpreter first in PATH (pyenv, a venv) may lack it, so re-run
    under the system one rather than fail."""
    if importlib.util.find_spec("numpy"):
        return
    system = "/usr/bin/python3"
    if (os.environ.get("ARTICAST_VOICES_REEXEC") != "1" and os.path.exists(system)
            and os.path.realpath(system) != os.path.realpath(sys.executable)):
        os.environ["ARTICAST_VOICES_REEXEC"] = "1"
        os.execv(system, [system] + sys.argv)
    sys.exit("bench/voices.py needs numpy: apt-get install python3-numpy")


need_numpy()
import numpy as np  # noqa: E402

HEADLINE = "Budget"
TEXT = ("The city council approved a new budget on Tuesday, raising spending on buses and "
        "trams by twelve percent while cutting the cost of parking permits for residents. "
        "Officials expect the changes to take effect in March, and the public can comment "
        "on the plan until the end of the month.")

F0_MIN, F0_MAX = 60.0, 500.0
FRAME_S, HOP_S = 0.040, 0.010
SILENCE_DB = 30.0
VOICING = 0.5
OCTAVE_KEEP = 0.9

FEMALE_MIN, MALE_MAX = 175.0, 135.0
UNKNOWN_LO, UNKNOWN_HI = 145.0, 170.0
F0_RATIO, CENTROID_DIFF = 1.08, 0.12

PROFILE_LINE = re.compile(r"^  (\S+)\s+(\S+)\s+(female|male|unknown)\s+rate (\d+), pitch (\d+), range (\d+), "
                          r"word gap (\d+), volume (\d+)$")
CASTING_LINE = re.compile(r"^  (title|heading|narration|caption|female|male|unknown)\s+(.*)$")


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return r.stdout


def load_roster(articast, voices):
    """Profiles and casting as `articast voices` reads them (its parser, not ours)."""
    out = run([articast, "voices"] + (["--voices", voices] if voices else []))
    profiles, casting, section = {}, {}, None
    for line in out.splitlines():
        if line.startswith("voice profiles"):
            section = "profiles"
        elif line.startswith("casting:"):
            section = "casting"
        elif not line.startswith("  "):
            section = None
        elif section == "profiles":
            m = PROFILE_LINE.match(line)
            if not m:
                sys.exit(f"cannot read `articast voices` line: {line!r}")
            name, voice, gender = m.group(1), m.group(2), m.group(3)
            rate, pitch, rng, gap, vol = (int(m.group(k)) for k in range(4, 9))
            engine, _, variant = voice.partition("+")
            profiles[name] = dict(name=name, engine=engine, variant=variant, gender=gender, rate=rate,
                                  pitch=pitch, range=rng, wordgap=gap, volume=vol)
        elif section == "casting":
            m = CASTING_LINE.match(line)
            if m:
                casting[m.group(1)] = m.group(2).split()
    return profiles, casting


def parse_vtt(path):
    """[(start s, end s, text)] of a WebVTT file."""
    def secs(t):
        h, m, s = t.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)
    cues, lines = [], open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if "-->" in line:
            a, b = (x.strip() for x in line.split("-->"))
            text = re.sub(r"<[^>]*>", "", lines[i + 1] if i + 1 < len(lines) else "")
            cues.append((secs(a), secs(b.split()[0]), text.strip()))
    return cues


def render(articast, voices, name, work):
    """The profile's speech (headline cut off) as float samples, and the sample rate."""
    src = os.path.join(work, "text.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(f"{HEADLINE}\n\n{TEXT}\n")
    vopt = ["--voices", voices] if voices else []
    script = json.loads(run([articast, "script", src, "--json", "--narrator", name] + vopt))
    turns = script["turns"]
    if turns[0]["kind"] != "title" or any(t["voice"] != name for t in turns[1:]):
        sys.exit(f"{name}: the test text is not one headline and narration: "
                 f"{[(t['kind'], t['voice']) for t in turns]}")
    wav, vtt = os.path.join(work, f"{name}.wav"), os.path.join(work, f"{name}.vtt")
    run([articast, "render", src, "-o", wav, "--narrator", name, "--loudness", "off", "--vtt", vtt] + vopt)
    cues = parse_vtt(vtt)
    if len(cues) < 2 or cues[0][2] != HEADLINE:
        sys.exit(f"{name}: expected the headline as the first cue, got {cues[:2]}")
    with wave.open(wav, "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            sys.exit(f"{wav}: expected 16-bit mono")
        fs = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    parts = [x[int(a * fs):int(b * fs)] for a, b, _ in cues[1:]]
    return np.concatenate(parts), fs


def frames(x, n, hop):
    count = max(0, 1 + (len(x) - n) // hop)
    idx = np.arange(n)[None, :] + hop * np.arange(count)[:, None]
    return x[idx]


def analyse(x, fs):
    """Median, 10th and 90th percentile F0 and mean spectral centroid over voiced frames."""
    n, hop = int(FRAME_S * fs), int(HOP_S * fs)
    fr = frames(x, n, hop)
    fr = fr - fr.mean(axis=1, keepdims=True)
    rms = np.sqrt((fr ** 2).mean(axis=1))
    loud = np.percentile(rms, 95)
    speech = rms >= loud * 10 ** (-SILENCE_DB / 20)
    level = float(10 * np.log10(max((rms[speech] ** 2).mean(), 1e-12)))
    lo_lag, hi_lag = int(fs / F0_MAX), int(np.ceil(fs / F0_MIN))
    nfft = 1 << int(np.ceil(np.log2(2 * n)))
    spec = np.fft.rfft(fr, nfft, axis=1)
    ac = np.fft.irfft(np.abs(spec) ** 2, nfft, axis=1)[:, :hi_lag + 2]
    # unbiased, normalized: a periodic rectangular frame gives 1 at its period
    ac = ac / np.maximum(ac[:, :1], 1e-12) * (n / (n - np.arange(ac.shape[1])))[None, :]
    win = np.hanning(n)
    mag = np.abs(np.fft.rfft(fr * win[None, :], axis=1))
    freqs = np.fft.rfftfreq(n, 1.0 / fs)
    f0s, cents = [], []
    for k in range(len(fr)):
        if not speech[k]:
            continue
        r = ac[k]
        seg = r[lo_lag:hi_lag + 1]
        best = seg.max()
        if best < VOICING:
            continue
        # local peaks within OCTAVE_KEEP of the best; the shortest lag wins
        lag = None
        for j in range(lo_lag, hi_lag + 1):
            if r[j] >= OCTAVE_KEEP * best and r[j] >= r[j - 1] and r[j] >= r[j + 1]:
                lag = j
                break
        if lag is None:
            continue
        a, b, c = r[lag - 1], r[lag], r[lag + 1]
        den = a - 2 * b + c
        shift = 0.5 * (a - c) / den if den < 0 else 0.0
        f0s.append(fs / (lag + shift))
        m = mag[k]
        cents.append(float((freqs * m).sum() / max(m.sum(), 1e-12)))
    if len(f0s) < 20:
        sys.exit("too few voiced frames to measure")
    f0s = np.array(f0s)
    return dict(f0=float(np.median(f0s)), p10=float(np.percentile(f0s, 10)), p90=float(np.percentile(f0s, 90)),
                centroid=float(np.mean(cents)), level=level, voiced=len(f0s))


def voice_name(p):
    return p["engine"] + (" + " + p["variant"] if p["variant"] else "")


def distinct(a, b):
    """The first rule that tells a and b apart, or None (see the module doc)."""
    hi, lo = max(a["f0"], b["f0"]), min(a["f0"], b["f0"])
    if hi / lo >= F0_RATIO:
        return f"F0 x{hi / lo:.2f}"
    hi, lo = max(a["centroid"], b["centroid"]), min(a["centroid"], b["centroid"])
    if (hi - lo) / lo >= CENTROID_DIFF:
        return f"centroid +{100 * (hi - lo) / lo:.0f} %"
    if a["engine"] != b["engine"] and a["variant"] != b["variant"]:
        return "accent and formants"
    return None


def check(m, casting):
    """Violations of the gender ranges and the distinctness rule, and how
    many pairs each part of the rule told apart."""
    bad, told = [], {}

    def apart(a, b):
        why = distinct(m[a], m[b])
        if why:
            kind = "accent and formants" if why == "accent and formants" else why.split()[0]
            told[kind] = told.get(kind, 0) + 1
        return why
    pools = {g: [n for n in casting.get(g, []) if n in m] for g in ("female", "male", "unknown")}
    quotes = set(pools["female"]) | set(pools["male"]) | set(pools["unknown"])
    for name in sorted(quotes):
        p = m[name]
        g, f0 = p["gender"], p["f0"]
        if g == "female" and f0 < FEMALE_MIN:
            bad.append(f"{name}: female with median F0 {f0:.0f} Hz < {FEMALE_MIN:.0f}")
        elif g == "male" and f0 > MALE_MAX:
            bad.append(f"{name}: male with median F0 {f0:.0f} Hz > {MALE_MAX:.0f}")
        elif g == "unknown" and not UNKNOWN_LO <= f0 <= UNKNOWN_HI:
            bad.append(f"{name}: unknown with median F0 {f0:.0f} Hz outside {UNKNOWN_LO:.0f}..{UNKNOWN_HI:.0f}")
        for g2 in ("female", "male", "unknown"):
            if name in pools[g2] and g2 != g:
                bad.append(f"{name}: gender {g} but in the {g2} pool")
    fixed = {n for k in ("narration", "caption", "title", "heading") for n in casting.get(k, []) if n in m}
    for name in sorted(quotes):
        for f in sorted(fixed):
            if f != name and not apart(name, f):
                bad.append(f"{name} too close to {f} (the {'narrator' if f in casting.get('narration', []) else 'anchor'})")
    seen = set()
    for group in (pools["female"] + pools["unknown"], pools["male"] + pools["unknown"]):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                key = tuple(sorted((a, b)))
                if key in seen or a == b:
                    continue
                seen.add(key)
                if not apart(a, b):
                    bad.append(f"{a} and {b} too close: F0 {m[a]['f0']:.0f}/{m[b]['f0']:.0f} Hz, "
                               f"centroid {m[a]['centroid']:.0f}/{m[b]['centroid']:.0f} Hz, "
                               f"{voice_name(m[a])} / {voice_name(m[b])}")
    return bad, told


def order(profiles, casting):
    """Narration and title profiles first, then the pools in casting order, then the rest."""
    names = []
    for k in ("narration", "title", "heading", "caption", "female", "male", "unknown"):
        names += [n for n in casting.get(k, []) if n in profiles and n not in names]
    return names + sorted(n for n in profiles if n not in names)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articast", required=True)
    ap.add_argument("--voices", default=None, help="voices folder (default: articast's own)")
    ap.add_argument("--profiles", default=None, help="comma-separated subset to measure")
    ap.add_argument("--no-check", action="store_true", help="measure only")
    ap.add_argument("--keep", default=None, help="keep the WAV files in this folder")
    args = ap.parse_args()
    profiles, casting = load_roster(args.articast, args.voices)
    names = order(profiles, casting)
    if args.profiles:
        want = args.profiles.split(",")
        missing = [n for n in want if n not in profiles]
        if missing:
            sys.exit(f"no such profile: {', '.join(missing)}")
        names = [n for n in names if n in want]
    m = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or tmp
        os.makedirs(work, exist_ok=True)
        for name in names:
            x, fs = render(args.articast, args.voices, name, work)
            m[name] = dict(profiles[name], **analyse(x, fs))
    print("| profile | eSpeak NG | gender | rate | pitch | range | F0 median (p10-p90) | centroid | level |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in names:
        p = m[name]
        print(f"| {name} | {voice_name(p)} | {p['gender']} | {p['rate']} | {p['pitch']} | {p['range']} | "
              f"{p['f0']:.0f} Hz ({p['p10']:.0f}-{p['p90']:.0f}) | {p['centroid']:.0f} Hz | {p['level']:.1f} dB |")
    if args.no_check or args.profiles:
        return 0
    bad, told = check(m, casting)
    print()
    print(f"rule: female F0 >= {FEMALE_MIN:.0f} Hz, male <= {MALE_MAX:.0f} Hz, unknown {UNKNOWN_LO:.0f}..{UNKNOWN_HI:.0f} Hz; "
          f"distinct: F0 ratio >= {F0_RATIO} or centroid +{100 * CENTROID_DIFF:.0f} % or other accent and formants")
    print(f"pairs told apart: {sum(told.values())} (" +
          ", ".join(f"by {k} {told.get(k, 0)}" for k in ("F0", "centroid", "accent and formants")) + ")")
    if bad:
        print(f"{len(bad)} violation(s):")
        for b in bad:
            print("  " + b)
        return 1
    print("no violations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
