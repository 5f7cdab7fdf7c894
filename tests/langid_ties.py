#!/usr/bin/env python3
"""Near-ties in language identification: every line of a TSV of short
news lines (language, source, text) must be named right by libexttextcat
with articast's langid.conf (its prior for near-ties), as
build/tests/langid_compare reports it.

usage: langid_ties.py COMPARE_BIN TSV CONF
"""
import subprocess
import sys


def main():
    binary, tsv, conf = sys.argv[1:4]
    p = subprocess.run([binary, tsv, conf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       env={"LANGID_VERBOSE": "1", "PATH": "/usr/bin:/bin"})
    print(p.stdout)
    if p.returncode != 0:
        return 1
    misses = [l for l in p.stdout.splitlines() if l.startswith("textcat ")]
    rows = [l for l in p.stdout.splitlines() if l.startswith("all ")]
    if not rows:
        print("FAIL: no summary row")
        return 1
    if misses:
        print("FAIL: %d lines named wrong" % len(misses))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
