#!/usr/bin/env python3
"""The article language articast finds on the article-extraction benchmark.

    bench/langid_pages.py build/articast ../shared/corpus/article-extraction

Each page's language was decided by reading it (PAGES below; every page not
listed is English). Prints the pages read in another language than their
own, the count of each language source, and every block given a language of
its own, so a false switch on an English page shows."""
import gzip, json, os, subprocess, sys, tempfile
from collections import Counter

PAGES = {
    '0ec95c7261': 'ko', '9da36ae471': 'ko', '11ea381ad9': 'pt', '23aaecd141': 'pt',
    '3252222e61': 'pt', 'b3c19dd5f0': 'pt', 'cc03ddb5ef': 'pt', 'f6ac15a4d9': 'pt',
    '20b2b64916': 'it', 'b6fb53e9fb': 'it', '21486419bb': 'id', '7837c9d66c': 'id',
    '3c6d3381ef': 'ru', 'c4a3637c66': 'ru', 'c82b3d1d54': 'ru', 'ff0f958ade': 'ru',
    '57b4dafd18': 'de', 'ba07d1e647': 'de', '85439e26c4': 'ja', 'f105de6e63': 'ja',
}


def primary(tag):
    return (tag or '').replace('_', '-').split('-')[0].lower()


def main():
    articast, corpus = sys.argv[1], sys.argv[2]
    truth = json.load(open(os.path.join(corpus, 'ground-truth.json')))
    right = Counter()
    total = Counter()
    sources = Counter()
    switches = []
    with tempfile.TemporaryDirectory() as tmp:
        for pid in sorted(truth):
            want = PAGES.get(pid[:10], 'en')
            page = os.path.join(tmp, pid + '.html')
            with gzip.open(os.path.join(corpus, 'html', pid + '.html.gz')) as f, open(page, 'wb') as g:
                g.write(f.read())
            r = subprocess.run([articast, 'extract', '--json', page], capture_output=True, text=True)
            os.unlink(page)
            if r.returncode != 0:
                print(f'{pid[:10]} {want}: exit {r.returncode}: {r.stderr.strip()[:100]}')
                total[want] += 1
                continue
            a = json.loads(r.stdout)
            total[want] += 1
            sources[a.get('language_source')] += 1
            if primary(a['language']) == want:
                right[want] += 1
            else:
                print(f'{pid[:10]} {want}: read as {a["language"]} ({a.get("language_source")})')
            for s in a['sections']:
                for b in s['blocks']:
                    if b.get('language'):
                        switches.append((pid[:10], want, b['language'], b['text'][:70]))
    for lang in sorted(total):
        print(f'{lang}: {right[lang]}/{total[lang]} pages in their own language')
    print('sources:', dict(sources))
    print(f'blocks given a language of their own: {len(switches)}')
    for s in switches:
        print('  %s %s -> %s: %s' % s)


main()
