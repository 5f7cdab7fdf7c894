#!/usr/bin/env python3
"""Adversarial growth: each case generates one adversarial input at about
100 KB and about 1 MB, runs articast on both under valgrind's callgrind,
and checks that the 1 MB run executes at most LIMIT (15) times the
instructions of the 100 KB run. Ten times the input at fifteen times the
cost leaves room for a log factor; a quadratic rule costs about a hundred
times.

The cost is the instruction count callgrind reports ("Collected : N"),
which does not depend on the machine's load; wall-clock time is never the
criterion. Each run still has a wall-clock safety bound (TIMEOUT seconds)
so that a quadratic or endless case fails with a message instead of
hanging; when the 100 KB run times out, the 1 MB run is not tried.

A run must also end normally: exit 0, or exit 3 (the input refused as
invalid, with its message). A crash or any other exit code is a failure.

Every input is generated here, deterministically, in a temporary folder.
Exits 77 (skip) when valgrind is missing or articast is built with ASan,
which valgrind cannot run.

usage: growth.py --articast BIN [CASE...]
       growth.py --list
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
SMALL = 100_000     # bytes, "about 100 KB"
LARGE = 1_000_000   # bytes, "about 1 MB"
LIMIT = 15          # the 1 MB run may cost at most this many times the 100 KB run
TIMEOUT = 600       # seconds, per run under callgrind: a safety bound only
OK_EXITS = (0, 3)   # a script, or the input refused as invalid


# ---------------------------------------------------------------- text


def nbytes(s):
    return len(s.encode("utf-8"))


def repeat_to(head, unit, tail, size):
    """head + unit * n + tail, with n chosen so the whole is about `size`
    bytes of UTF-8 (at least one unit)."""
    n = max(1, (size - nbytes(head) - nbytes(tail)) // nbytes(unit))
    return head + unit * n + tail


def fill_to(head, units, tail, size, sep=""):
    """head + the strings of the iterator `units`, joined by `sep`, taken
    until the whole is about `size` bytes, + tail."""
    parts, used = [], nbytes(head) + nbytes(tail)
    for u in units:
        parts.append(u)
        used += nbytes(u) + nbytes(sep)
        if used >= size:
            break
    return head + sep.join(parts) + tail


def letters(n, lo=1):
    """n as a bijective base-26 word of lowercase letters, at least `lo`
    letters long: names with no digits in them, all distinct."""
    n += sum(26 ** k for k in range(1, lo))
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


# Ordinary news prose, a few numbers in it: the padding of the
# size-independent cases and the control case.
SENTENCES = [
    "The city council met on Monday evening to discuss the new budget.",
    "Members spent most of the session on the plan to repair the old bridge over the river.",
    "The work would cost about $4.5 million and take two years, the transport office said.",
    "Several residents spoke in favour of the repairs, while others asked for a new bus line instead.",
    "The mayor said the vote would take place next month, after a public hearing.",
    "About 1,200 people cross the bridge each day, most of them on foot or by bicycle.",
    "Traffic on the main road has grown by 12 percent since 2019, according to the county.",
    "The council will publish the full report on its website on March 3.",
    "Shop owners near the bridge said they feared a long closure would keep customers away.",
    "An engineer told the meeting that the supports were sound but the deck was worn.",
    "The last major repair, in 1987, closed the bridge for four months.",
    "Councillors agreed to ask the state for help with the cost.",
]


def paragraphs():
    """Endless paragraphs of three or four of the sentences each, in a
    cycle of twelve."""
    i = 0
    while True:
        k = 3 + i % 2
        yield " ".join(SENTENCES[(i * 5 + j) % len(SENTENCES)] for j in range(k))
        i += 1


def prose(head, size):
    """head, then ordinary paragraphs to about `size` bytes in all."""
    return fill_to(head, paragraphs(), "\n", size, sep="\n\n")


# ---------------------------------------------------------------- cases
# Each generator takes the target size in bytes and returns the input.


def gen_yaml_alias_cycle(size):
    # an alias inside its own anchor: size-independent, so the body grows
    return prose("---\nauthor: &a [x, *a]\n---\n\n# Alias Cycle\n\n", size)


def gen_yaml_deep_list(size):
    # `author:` then one block sequence nested as deep as the size allows:
    # "- - - - ... x"
    return repeat_to("---\nauthor:\n  ", "- ", "x\n---\n\n# Deep List\n\n" + SENTENCES[0] + "\n", size)


def gen_yaml_alias_fanout(size):
    # a: ten x; b: ten *a; c: ten *b; ...; author: *e, a hundred thousand
    # x when expanded; size-independent, so the body grows
    levels = "abcde"
    lines = ["a: &a [" + ", ".join(["x"] * 10) + "]"]
    for prev, cur in zip(levels, levels[1:]):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    lines.append(f"author: *{levels[-1]}")
    return prose("---\n" + "\n".join(lines) + "\n---\n\n# Alias Fan-out\n\n", size)


def gen_yaml_long_list(size):
    return repeat_to("---\nauthor: [", "ab, ", "ab]\n---\n\n# Long List\n\n" + SENTENCES[0] + "\n", size)


def gen_yaml_nested_brackets(size):
    # title: [[[[...x...]]]], as deep as the size allows
    n = max(1, (size - 100) // 2)
    return ("---\ntitle: " + "[" * n + "x" + "]" * n + "\n---\n\n" + SENTENCES[0] + "\n")


def gen_dr_repeated(size):
    return repeat_to("Title\n\n", "Dr. ", "\n", size)


def gen_empty_quote_pairs(size):
    return repeat_to("Title\n\n", "\u201c\u201d", "\n", size)


def gen_straight_quotes(size):
    return repeat_to("Title\n\n", '"a" ', "\n", size)


def gen_zwj_words(size):
    # one paragraph: a single "word" of distinct letter words joined by
    # ZERO WIDTH JOINER, ab\u200dac\u200dad...
    words = (letters(i, 2) for i in range(10 ** 9))
    return fill_to("Title\n\nThe word is ", words, ".\n", size, sep="\u200d")


def gen_distinct_speakers(size):
    # a quote per paragraph, each from a new speaker with a made-up name of
    # letters only (Aaa Aaad, Aab Aaak, ...)
    quotes = (f'"Quote number {i} here," said {letters(i, 3).capitalize()} '
              f'{letters(i * 7 + 3, 4).capitalize()}.' for i in range(10 ** 9))
    return fill_to("Title\n\n", quotes, "\n", size, sep="\n\n")


def first_names():
    # the first names of the shipped names table, in its order
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "voices", "en", "names.tsv")
    with open(path, encoding="utf-8") as f:
        return [line.split("\t")[0].capitalize() for line in f
                if line.strip() and not line.startswith("#") and line.split("\t")[0].isalpha()]


def gen_given_names(size):
    # every known first name with one surname, then with surnames of their
    # own, and a quotation by surname alone after each: the full names
    # noted for a surname alone must not be compared with one another
    names = first_names()
    paras = (f'{names[i % len(names)]} Smith met {names[(i * 7) % len(names)]} '
             f'{letters(i, 4).capitalize()} on Monday. "Fine," {letters(i, 4).capitalize()} said.'
             for i in range(10 ** 9))
    return fill_to("Title\n\n", paras, "\n", size, sep="\n\n")


def gen_report_money(size):
    # one money-dense paragraph: $1 US$552,000 $2 US$552,000 ...
    amounts = (f"${i} US$552,000" for i in range(1, 10 ** 9))
    return fill_to("Title\n\n", amounts, ".\n", size, sep=" ")


def gen_report_news(size):
    return prose("Council Meets\n\n", size)


def gen_html_many_attributes(size):
    head = ("<!doctype html><html><head><title>Many Attributes</title></head><body><article>"
            "<h1>Many Attributes</h1><div ")
    tail = ("><p>" + " ".join(SENTENCES[:4]) + "</p></div></article></body></html>\n")
    attrs = (f'a{i}="x"' for i in range(10 ** 9))
    return fill_to(head, attrs, tail, size, sep=" ")


def gen_html_deep_nesting(size):
    head = "<!doctype html><html><head><title>Deep Nesting</title></head><body><article><h1>Deep Nesting</h1>"
    para = "<p>" + " ".join(SENTENCES[:4]) + "</p>"
    tail = "</article></body></html>\n"
    n = max(1, (size - nbytes(head + para + tail)) // len("<div></div>"))
    return head + "<div>" * n + para + "</div>" * n + tail


def gen_plain_news(size):
    return prose("Plain News\n\n", size)


# name: (extension, articast arguments after the input, generator)
CASES = {
    "yaml_alias_cycle": (".md", ["--json"], gen_yaml_alias_cycle),
    "yaml_deep_list": (".md", ["--json"], gen_yaml_deep_list),
    "yaml_alias_fanout": (".md", ["--json"], gen_yaml_alias_fanout),
    "yaml_long_list": (".md", ["--json"], gen_yaml_long_list),
    "yaml_nested_brackets": (".md", ["--json"], gen_yaml_nested_brackets),
    "dr_repeated": (".txt", ["--json"], gen_dr_repeated),
    "empty_quote_pairs": (".txt", ["--json"], gen_empty_quote_pairs),
    "straight_quotes": (".txt", ["--json"], gen_straight_quotes),
    "zwj_words": (".txt", ["--json"], gen_zwj_words),
    "distinct_speakers": (".txt", ["--json"], gen_distinct_speakers),
    "given_names": (".txt", ["--json"], gen_given_names),
    "report_money": (".txt", ["--report"], gen_report_money),
    "report_news": (".txt", ["--report"], gen_report_news),
    "html_many_attributes": (".html", ["--json"], gen_html_many_attributes),
    "html_deep_nesting": (".html", ["--json"], gen_html_deep_nesting),
    "plain_news": (".txt", ["--json"], gen_plain_news),
}


# ---------------------------------------------------------------- running


COLLECTED = re.compile(r"^==\d+== Collected : (\d+)$", re.M)


def instructions(articast, path, extra):
    """Runs `articast script PATH EXTRA...` under callgrind, output to
    /dev/null. Returns (instructions, None), or (None, why it failed)."""
    argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
            articast, "script", path] + extra
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"still running after {TIMEOUT} s under callgrind (killed)"
    err = r.stderr.decode("utf-8", "replace")
    # articast's own message, without valgrind's lines
    said = " ".join(l for l in err.splitlines() if not l.startswith("==")).strip()[:300]
    if r.returncode not in OK_EXITS:
        how = f"killed by signal {-r.returncode}" if r.returncode < 0 else f"exit {r.returncode}"
        sig = re.search(r"Process terminating with default action of signal \d+ \((\w+)\)", err)
        if sig:
            how = f"killed by {sig.group(1)}"
        return None, f"{how} {said!r}"
    m = COLLECTED.search(err)
    if not m:
        return None, f"no 'Collected :' line in valgrind's output: {err[-300:]!r}"
    return int(m.group(1)), None


def run_case(articast, d, name):
    """Runs one case at both sizes; prints its line and returns True when
    it passes."""
    ext, extra, gen = CASES[name]
    counts, notes = [], []
    for size in (SMALL, LARGE):
        data = gen(size).encode("utf-8")
        path = os.path.join(d, f"{name}_{size}{ext}")
        with open(path, "wb") as f:
            f.write(data)
        n, why = instructions(articast, path, extra)
        os.unlink(path)
        if n is None:
            notes.append(f"{len(data)} B: {why}")
            break   # a failed 100 KB run says enough; the 1 MB one would take longer
        counts.append(n)
    ratio = counts[1] / counts[0] if len(counts) == 2 else None
    ok = ratio is not None and ratio <= LIMIT
    if ratio is not None and not ok:
        notes.append(f"the 1 MB run costs {ratio:.1f} times the 100 KB run (limit {LIMIT})")
    cells = [f"{c:,}" for c in counts] + ["-"] * (2 - len(counts))
    print(f"{name:<22} {cells[0]:>16} {cells[1]:>16} {(f'{ratio:.2f}' if ratio else '-'):>7}  "
          f"{'PASS' if ok else 'FAIL'}", flush=True)
    for n in notes:
        print(f"    {n}", flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("case", nargs="*", help="cases to run (default: all)")
    args = ap.parse_args()
    if args.list:
        print("\n".join(CASES))
        return
    if not args.articast:
        ap.error("--articast is required")
    unknown = [c for c in args.case if c not in CASES]
    if unknown:
        ap.error(f"unknown case(s) {', '.join(unknown)}; --list lists them")
    if not shutil.which("valgrind"):
        print("skip: valgrind is not installed")
        sys.exit(SKIP)
    with open(args.articast, "rb") as f:
        if b"__asan_init" in f.read():
            print("skip: articast is built with AddressSanitizer, which valgrind cannot run")
            sys.exit(SKIP)
    print(f"{'case':<22} {'instr @100 KB':>16} {'instr @1 MB':>16} {'ratio':>7}  result")
    failed = []
    with tempfile.TemporaryDirectory() as d:
        for name in args.case or CASES:
            if not run_case(args.articast, d, name):
                failed.append(name)
    print(f"{len(failed)} failed: {' '.join(failed)}" if failed else "all cases passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
