#!/usr/bin/env python3
"""Cut the small statistics fixtures in spec/fixtures/stats/ from the workshop's
real files (../shared/data/real, see its README) and build the ones no real
file exists for (IMF, Comext, legacy API) from their documented layouts.
spec/fixtures/README.md says which is which. Deterministic; standard library only.

Usage: python3 tools/gen_stats_fixtures.py [DATA_DIR]
"""

import csv
import gzip
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "spec", "fixtures", "stats")


def w(name, data, mode="w"):
    with open(os.path.join(OUT, name), mode, **({} if "b" in mode else {"newline": ""})) as f:
        f.write(data)


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as g:
        g.write(data)
    return buf.getvalue()


def camel(name):
    fixed = {"partner2code": "partner2Code", "net_wgt": "netWgt", "cifvalue": "cifvalue",
             "fobvalue": "fobvalue", "qty": "qty", "alt_qty": "altQty", "gross_wgt": "grossWgt"}
    if name in fixed:
        return fixed[name]
    parts = name.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "real")
    os.makedirs(OUT, exist_ok=True)
    src = lambda n: os.path.join(data, n)

    # 1. the real API+ response, verbatim (4 records)
    with open(src("comtrade_apiplus_v1_get_C_A_HS_CHN-ARG-DEU_2010.json"), encoding="utf-8") as f:
        apiplus = f.read()
    w("comtrade_apiplus_chn_2010.json", apiplus)
    recs = json.loads(apiplus)["data"]

    # 2. comtradr CSV: header and the first 5 rows of USA imports, verbatim
    with open(src("comtradr_api_USA_M_FRA-DEU-JPN-MEX_2018-2022.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    w("comtradr_usa_m_2018.csv", "\n".join(lines[:6]) + "\n")

    # 3. Thailand shrimp: RX/RM rows and HS6 codes: header + the first 12 rows, verbatim
    with open(src("comtradr_api_THA_shrimp_HS6_2007-2011.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    hdr, body = rows[0], rows[1:]
    fi = hdr.index("flow_code")
    pick = [r for r in body if r[fi] == "X"][:4] + [r for r in body if r[fi] == "M"][:4] + \
           [r for r in body if r[fi] == "RM"][:4]
    out = io.StringIO()
    cw = csv.writer(out, lineterminator="\n")
    cw.writerow(hdr)
    cw.writerows(pick)
    w("comtradr_tha_shrimp.csv", out.getvalue())

    # 4. bulk final: the first 10 rows as cut (comma, snake_case) and as Comtrade's
    #    own bulk files are written (tab-separated, camelCase, gzipped)
    with open(src("comtradr_bulk_final_ARG_X_2000_H0_first100.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[:11])
    w("comtradr_bulk_arg_x_2000.csv", out.getvalue())
    tsv = "\n".join("\t".join([camel(c) for c in rows[0]] if i == 0 else r)
                    for i, r in enumerate(rows[:11])) + "\n"
    w("comtrade_bulk_arg_x_2000.tsv.gz", gz(tsv.encode()), "wb")

    # 5. legacy API JSON built from the API+ records (same figures, legacy keys)
    legacy = []
    for r in recs:
        legacy.append({
            "pfCode": r["classificationCode"], "yr": r["refYear"], "period": int(r["period"]),
            "periodDesc": r["period"], "aggrLevel": r["aggrLevel"], "IsLeaf": 0,
            "rgCode": 1 if r["flowCode"] == "M" else 2, "rgDesc": r["flowDesc"],
            "rtCode": r["reporterCode"], "rtTitle": r["reporterDesc"], "rt3ISO": r["reporterISO"],
            "ptCode": r["partnerCode"], "ptTitle": r["partnerDesc"], "pt3ISO": r["partnerISO"],
            "ptCode2": None, "ptTitle2": "", "pt3ISO2": "", "cstCode": "", "cstDesc": "",
            "motCode": "", "motDesc": "", "cmdCode": r["cmdCode"], "cmdDescE": r["cmdDesc"],
            "qtCode": 1, "qtDesc": "No Quantity", "qtAltCode": None, "qtAltDesc": "",
            "TradeQuantity": None, "AltQuantity": None, "NetWeight": None, "GrossWeight": None,
            "TradeValue": int(r["primaryValue"]), "CIFValue": r["cifvalue"],
            "FOBValue": r["fobvalue"], "estCode": 0,
        })
    w("comtrade_legacy_chn_2010.json", json.dumps(
        {"validation": {"status": {"name": "Ok", "value": 0, "category": 0, "description": "",
                                   "helpUrl": ""}, "message": None,
                        "count": {"value": len(legacy), "started": "", "finished": "",
                                  "durationSeconds": 0.0}},
         "dataset": legacy}, indent=1) + "\n")

    # 6. IMF DOTS/IMTS wide CSV, US$ millions, with the same China 2010 figures
    #    (Comtrade's, divided by 10^6) and one quarterly and one monthly column
    by = {(r["flowCode"], r["partnerISO"]): r["primaryValue"] for r in recs}
    imf = io.StringIO()
    cw = csv.writer(imf, lineterminator="\r\n")
    cw.writerow(["Country Name", "Country Code", "Indicator Name", "Indicator Code",
                 "Counterpart Country Name", "Counterpart Country Code", "Attribute",
                 "2009", "2010", "2010Q3", "2010M9"])
    names = {"ARG": ("Argentina", "AR"), "DEU": ("Germany", "DE")}
    for (flow, p), v in sorted(by.items()):
        ind = ("TMG_CIF_USD", "Goods, Value of Imports, Cost, Insurance, Freight (CIF), US Dollars") \
            if flow == "M" else ("TXG_FOB_USD", "Goods, Value of Exports, Free on board (FOB), US Dollars")
        cw.writerow(["China, P.R.: Mainland", "CN", ind[1], ind[0], names[p][0], names[p][1],
                     "Value", "", "%.6f" % (v / 1e6), "", ""])
    cw.writerow(["China, P.R.: Mainland", "CN", "Goods, Value of Exports, Free on board (FOB), US Dollars",
                 "TXG_FOB_USD", "Argentina", "AR", "Status", "", "", "", ""])
    cw.writerow(["China, P.R.: Mainland", "CN", "Goods, Value of Trade Balance, US Dollars", "TBG_USD",
                 "World", "W00", "Value", "", "", "-1.5", "0.25"])
    w("imf_dots_chn_2010.csv", imf.getvalue())

    # 7. Eurostat Comext bulk (older column names), layout only: placeholder values
    comext = ("DECLARANT,DECLARANT_ISO,PARTNER,PARTNER_ISO,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,"
              "PRODUCT_CPA2002,PRODUCT_CPA2008,PRODUCT_CPA2_1,PRODUCT_BEC,PRODUCT_BEC5,PRODUCT_SECTION,"
              "FLOW,STAT_REGIME,SUPP_UNIT,PERIOD,VALUE_IN_EUROS,QUANTITY_IN_KG,SUP_QUANTITY\n"
              "004,DE,720,CN,E,03061792,03615,05002000,03002000,03002000,141,111,I,"
              "1,1,,202309,123456,7890,\n"
              "004,DE,720,CN,E,03061792,03615,05002000,03002000,03002000,141,111,I,"
              "2,1,,202309,2500,100,\n"
              "009,EL,1006,GB,E,22042109,11217,15932000,11022000,11022000,112,112,IV,"
              "2,1,l,202352,98765.5,4000,3500\n"
              "001,FR,0977,QU,E,99999999,,,,,,,,2,9,,202309,10,0,\n")
    w("comext_full_202309.csv", comext)

    # 8. a custom CSV for a column map: tradestatistics CHL-ARG 2002 (real, CC BY-NC)
    with open(src("tradestatistics_chl_arg_2002_yrpc_fish.json"), encoding="utf-8") as f:
        body = json.load(f)[0]["body"]
    out = io.StringIO()
    cw = csv.writer(out, delimiter=";", lineterminator="\n")
    cw.writerow(["year", "reporter_iso", "partner_iso", "commodity_code", "trade_value_usd_exp"])
    for r in body:
        cw.writerow([r["year"], r["reporter_iso"], r["partner_iso"], r["commodity_code"],
                     r["trade_value_usd_exp"]])
    w("tradestatistics_chl_arg_2002_fish.csv", out.getvalue())
    w("tradestatistics_map.json", json.dumps({
        "reporter": "reporter_iso", "partner": "partner_iso", "period": "year",
        "value": "trade_value_usd_exp", "segment": "commodity_code",
        "flow": {"const": "export"}, "currency": {"const": "USD"}, "codes": "iso3"}, indent=1) + "\n")

    # 9. bad inputs
    w("bad_truncated.json", apiplus[:3000])
    w("bad_empty.csv", "")
    w("bad_ragged.csv", "\n".join(lines[:2] + [lines[2][:60]] + lines[3:4]) + "\n")
    w("bad_unterminated.csv", lines[0] + "\n" + lines[1].replace(",France,", ",\"France,", 1) + "\n")
    w("bad_utf8.csv", (lines[0] + "\n" + lines[1].replace("France", "Fr\xff", 1) + "\n" + lines[2]
                       + "\n").encode("utf-8").replace(b"\xc3\xbf", b"\xff"), "wb")
    w("bad_nul.csv", (lines[0] + "\n" + lines[1].replace("France", "Fr\0ance", 1) + "\n").encode(), "wb")
    w("bad_binary.bin", bytes((i * 73 + 41) % 256 for i in range(2048)), "wb")
    w("bad_truncated.csv.gz", gz(("\n".join(lines) + "\n").encode())[:-40], "wb")
    w("bad_deep.json", '{"data":[{"x":' + "[" * 200 + "]" * 200 + "}]}\n")
    bad_types = json.loads(apiplus)
    bad_types["data"][1]["primaryValue"] = "lots"
    bad_types["data"][2]["flowCode"] = {"code": "X"}
    w("bad_types.json", json.dumps(bad_types, indent=1) + "\n")
    print("gen_stats_fixtures: wrote", len(os.listdir(OUT)), "files in", os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
