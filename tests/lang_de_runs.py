#!/usr/bin/env python3
"""German rules in linear time: `articast normalize --lang de` reads a
megabyte without a space, in the shapes its rules look ahead on (digits,
dotted dates, times, fractions, telephone numbers, addresses, codes), each
within --limit seconds. A rule that scanned the rest of a run from every
position of it took minutes (the driver retries a word a character at a
time when no rule takes it).
Usage: lang_de_runs.py ARTICAST [--limit S]"""
import subprocess
import sys
import time

RUNS = {"digits": "1" * 1000000, "after a number": "5 " + "1" * 1000000, "dates": "1.1." * 250000,
        "fractions": "1 1/" * 250000, "phone": "+49 " + "9" * 1000000, "bracketed": "(0" + "1" * 1000000,
        "codes": "1a" * 500000, "times": "12:" * 330000, "address": "www." + "a" * 1000000,
        "commas": "1," * 500000}


def main():
    cli = sys.argv[1]
    limit = float(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--limit" else 20.0
    bad = 0
    for name, run in RUNS.items():
        t = time.time()
        try:
            p = subprocess.run([cli, "normalize", "--lang", "de"], input=run.encode(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=limit)
            took = time.time() - t
            if p.returncode != 0:
                print(f"FAIL: a run of {name}: exit {p.returncode}: {p.stderr.decode()[:200]}")
                bad += 1
            else:
                print(f"ok: a 1 MB run of {name} in {took:.2f} s")
        except subprocess.TimeoutExpired:
            print(f"FAIL: a run of {name} took over {limit:.0f} s")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
