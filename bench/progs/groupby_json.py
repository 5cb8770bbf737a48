# Group-by peer: Python's json module on the API+ envelope {"elapsedTime","count","data","error"}.
# usage: python3 groupby_json.py IN.json OUT.csv
import json, sys

def main(src, dst):
    with open(src, "rb") as f:
        data = json.load(f)["data"]
    sums = {}
    get = sums.get
    for d in data:
        k = (d["reporterCode"], d["partnerCode"], d["flowCode"], d["refYear"])
        sums[k] = get(k, 0.0) + d["primaryValue"]
    with open(dst, "w") as o:
        o.writelines("%s,%s,%s,%s,%r\n" % (k + (s,)) for k, s in sums.items())

main(*sys.argv[1:3])
