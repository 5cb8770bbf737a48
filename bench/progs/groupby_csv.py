# Group-by peer: Python's csv module. sum(primaryValue) by reporter, partner, flow, year
# under tradefig aggregate's rules: breakdown rows (partner2 not World, motCode, customsCode
# or mosCode not the total) skipped; of each group only the coarsest commodity level present
# (aggrLevel: TOTAL 0 before HS4 4) summed; reporter and partner as ISO codes, World as WLD,
# X/M as export/import, sub-flows as their codes; Comtrade values are US dollars.
# usage: python3 groupby_csv.py IN.csv OUT.csv
import csv, sys

FLOW = {"X": "export", "M": "import"}

def main(src, dst):
    sums, level = {}, {}
    with open(src, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        h = next(rd)
        r, p, fl, y, v, lv, p2, mot, cus, mos = (h.index(k) for k in (
            "reporterISO", "partnerISO", "flowCode", "refYear", "primaryValue", "aggrLevel",
            "partner2Code", "motCode", "customsCode", "mosCode"))
        get = level.get
        for row in rd:
            if (row[p2] not in ("0", "") or row[mot] not in ("0", "") or row[cus] not in ("C00", "")
                    or row[mos] not in ("0", "")):
                continue
            k = (row[r], row[p], row[fl], row[y])
            l = int(row[lv])
            have = get(k)
            if have is None or l < have:          # a coarser level: it alone is the total
                level[k] = l
                sums[k] = float(row[v])
            elif l == have:
                sums[k] += float(row[v])
    with open(dst, "w") as o:
        o.writelines("%s,%s,%s,%s,USD,%r\n" % (k[0], "WLD" if k[1] == "W00" else k[1], FLOW.get(k[2], k[2]), k[3], s)
                     for k, s in sums.items())

main(*sys.argv[1:3])
