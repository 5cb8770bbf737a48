# Convert peer: Python's csv + json (+ gzip) modules, CSV/TSV rows to JSON Lines.
# The delimiter is a tab when the header has one; a .gz file is read through gzip.
# usage: python3 convert_csv.py IN.csv|IN.tsv.gz OUT.jsonl      (OUT may be /dev/null)
import csv, gzip, json, sys

def main(src, dst):
    dumps = json.dumps
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rt", newline="", encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as o:
        first = f.readline()
        f.seek(0)
        rd = csv.reader(f, delimiter="\t" if "\t" in first else ",")
        h = next(rd)
        w = o.write
        for row in rd:
            w(dumps(dict(zip(h, row))))
            w("\n")

main(*sys.argv[1:3])
