# Convert peer: Python's json module, the API+ envelope to JSON Lines (one object per record).
# usage: python3 convert_json.py IN.json OUT.jsonl      (OUT may be /dev/null)
import json, sys

def main(src, dst):
    with open(src, "rb") as f:
        data = json.load(f)["data"]
    dumps = json.dumps
    with open(dst, "w", encoding="utf-8") as o:
        w = o.write
        for d in data:
            w(dumps(d))
            w("\n")

main(*sys.argv[1:3])
