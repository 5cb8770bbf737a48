# Group-by peer: Python's json module on the API+ envelope {"elapsedTime","count","data","error"},
# under tradefig aggregate's rules (as groupby_csv.py: breakdown rows skipped, the coarsest
# commodity level of each group summed, ISO codes, World as WLD, X/M as export/import).
# usage: python3 groupby_json.py IN.json OUT.csv
import json, sys

FLOW = {"X": "export", "M": "import"}
TOTAL0 = (0, "0", "", None)

def main(src, dst):
    with open(src, "rb") as f:
        data = json.load(f)["data"]
    sums, level = {}, {}
    get = level.get
    for d in data:
        if (d.get("partner2Code") not in TOTAL0 or d.get("motCode") not in TOTAL0
                or d.get("customsCode") not in ("C00", "", None) or d.get("mosCode") not in TOTAL0):
            continue
        k = (d["reporterISO"], d["partnerISO"], d["flowCode"], d["refYear"])
        l = d["aggrLevel"]
        have = get(k)
        if have is None or l < have:              # a coarser level: it alone is the total
            level[k] = l
            sums[k] = d["primaryValue"]
        elif l == have:
            sums[k] += d["primaryValue"]
    with open(dst, "w") as o:
        o.writelines("%s,%s,%s,%s,USD,%r\n" % (k[0], "WLD" if k[1] == "W00" else k[1], FLOW.get(k[2], k[2]), k[3], float(s))
                     for k, s in sums.items())

main(*sys.argv[1:3])
