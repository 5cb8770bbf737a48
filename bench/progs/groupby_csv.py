# Group-by peer: Python's csv module. sum(primaryValue) by reporter, partner, flow, year.
# usage: python3 groupby_csv.py IN.csv OUT.csv
import csv, sys

def main(src, dst):
    sums = {}
    with open(src, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        h = next(rd)
        r, p, fl, y, v = (h.index(k) for k in ("reporterCode", "partnerCode", "flowCode", "refYear", "primaryValue"))
        get = sums.get
        for row in rd:
            k = (row[r], row[p], row[fl], row[y])
            sums[k] = get(k, 0.0) + float(row[v])
    with open(dst, "w") as o:
        o.writelines("%s,%s,%s,%s,%r\n" % (k + (s,)) for k, s in sums.items())

main(*sys.argv[1:3])
