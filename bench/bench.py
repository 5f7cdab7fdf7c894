#!/usr/bin/env python3
"""articast benchmarks: ratios measured side by side in the same run, on the
same input, with the median of N runs (not a ctest test; machines are noisy).

  python3 bench/bench.py --articast build/articast [--runs 5] [--article FILE] [--big-mb 1.0]

It prints:
  render MP3 vs `espeak-ng -w` + `lame -b 64 -m m` (LAME's defaults otherwise;
    the same bitrate, mode and sample rate as articast's default);
  render WAV vs `espeak-ng -w`;
  audio seconds per CPU second;
  peak RSS rendering a generated article of --big-mb MB vs the reference;
  `articast script` throughput in MB/s.
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall seconds, CPU seconds of the children, peak RSS in KiB)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}: {err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def median_of(n, fn):
    walls, cpus = [], []
    for _ in range(n):
        w, c = fn()
        walls.append(w)
        cpus.append(c)
    return statistics.median(walls), statistics.median(cpus)


def duration(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                         capture_output=True, text=True).stdout
    return float(out.strip())


def generate(path, mb, sources):
    """An article of about `mb` megabytes: the example articles' paragraphs
    over and over, with a heading every twelve paragraphs."""
    paras = []
    for s in sources:
        lines = [l for l in open(s, encoding="utf-8").read().split("\n\n") if l.strip()]
        paras += [l for l in lines[1:] if l.rstrip()[-1:] in ".”\"’"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("A Very Long Generated Article for the Memory Benchmark\n\n")
        size, k = 0, 0
        while size < mb * 1e6:
            if k % 12 == 11:
                f.write(f"Part {k // 12 + 1} of the long read\n\n")
            p = paras[k % len(paras)]
            f.write(p + "\n\n")
            size += len(p.encode()) + 2
            k += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--article", default=None)
    ap.add_argument("--big-mb", type=float, default=1.0)
    ap.add_argument("--skip-big", action="store_true")
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(here)
    article = a.article or (sorted(glob.glob(os.path.join(src, "..", "shared", "seeds", "*.txt"))) or
                            sorted(glob.glob(os.path.join(src, "examples", "*.txt"))))[0]
    print(f"machine: {os.cpu_count()} cores; input {os.path.basename(article)}; median of {a.runs} runs")
    with tempfile.TemporaryDirectory() as d:
        wav, mp3 = os.path.join(d, "e.wav"), os.path.join(d, "e.mp3")
        ours_mp3, ours_wav = os.path.join(d, "a.mp3"), os.path.join(d, "a.wav")

        def ref_mp3():
            w1, c1, _ = run(["espeak-ng", "-f", article, "-w", wav])
            w2, c2, _ = run(["lame", "--quiet", "-b", "64", "-m", "m", wav, mp3])
            return w1 + w2, c1 + c2

        def ref_wav():
            w, c, _ = run(["espeak-ng", "-f", article, "-w", wav])
            return w, c

        def our(out):
            return lambda: run([a.articast, "render", article, "-o", out])[:2]

        rm, rmc = median_of(a.runs, ref_mp3)
        om, omc = median_of(a.runs, our(ours_mp3))
        rw, rwc = median_of(a.runs, ref_wav)
        ow, owc = median_of(a.runs, our(ours_wav))
        audio = duration(ours_mp3)
        print(f"render MP3: articast {om:.3f} s, espeak-ng -w + lame {rm:.3f} s: ratio {om / rm:.2f} (target <= 0.45)")
        print(f"render WAV: articast {ow:.3f} s, espeak-ng -w {rw:.3f} s: ratio {ow / rw:.2f} (target <= 1.15)")
        print(f"audio seconds per CPU second: articast MP3 {audio / omc:.0f}, WAV {audio / owc:.0f}; "
              f"espeak-ng + lame {duration(mp3) / rmc:.0f}")

        # script throughput on a big generated article
        big = os.path.join(d, "big.txt")
        generate(big, 5.0, sorted(glob.glob(os.path.join(src, "examples", "*.txt"))))
        mb = os.path.getsize(big) / 1e6
        sw, sc = median_of(max(1, a.runs // 2), lambda: run([a.articast, "script", big])[:2])
        print(f"articast script: {mb:.1f} MB in {sw:.2f} s: {mb / sw:.1f} MB/s (target >= 10)")

        if not a.skip_big:
            _, _, rss_ref = run([a.articast, "render", article, "-o", ours_mp3])
            big1 = os.path.join(d, "big1.txt")
            generate(big1, a.big_mb, sorted(glob.glob(os.path.join(src, "examples", "*.txt"))))
            w, c, rss_big = run([a.articast, "render", big1, "-o", os.path.join(d, "big.mp3")])
            hours = duration(os.path.join(d, "big.mp3")) / 3600
            print(f"peak RSS: {os.path.getsize(big1) / 1e6:.2f} MB article ({hours:.1f} h of speech, {w:.0f} s) "
                  f"{rss_big / 1024:.1f} MiB vs reference {rss_ref / 1024:.1f} MiB: ratio {rss_big / rss_ref:.2f} "
                  f"(target <= 1.5, below 64 MiB)")


if __name__ == "__main__":
    main()
