#!/usr/bin/env bash
# Indicators, drill-downs and the annual work report on the demo ledger:
# golden markdown in English and Chinese, no "X" left where the seed
# report had one, the JSON of the figures used, a town's report, and a
# user's template with its errors (docs/reports.md).
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/demo.db
V=532923101202
GOLD=$LK_SOURCE_DIR/tests/data/report
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }

lk demo
check_rc 0 "demo"

# ---- indicators --------------------------------------------------------
lk indicators --list
check_rc 0 "indicators --list"
check_out '^households_registered +households' "the registry lists its indicators"
lkj indicators --list
check_json_eq 'len(d["indicators"]) > 100' true "more than 100 indicators"
check_json_eq 'all(i["label"] and i["definition"] for i in d["indicators"])' true "every indicator has a label and a definition"
lkj --lang zh_CN indicators --list
check_json_eq '[i["label"] for i in d["indicators"] if i["name"] == "households_registered"][0]' "建档立卡户数" "Chinese labels"

lkj indicators --region $V --year 2018
check_rc 0 "indicators of the demo village"
check_json_eq 'd["region"], d["year"], d["as_of"]' "[\"$V\", 2018, \"2018-12-31\"]" "region, year, as of"
check_json_eq '{i["name"]: i["value"] for i in d["indicators"]}["groups"]' 8 "8 villager groups"
check_json_eq '{i["name"]: i["value"] for i in d["indicators"]}["to_town_km"]' 8.5 "distance as km"
check_json_eq '{i["name"]: i["value"] for i in d["indicators"]}["funds_relief"]' 30000.0 "relief funds in yuan"
check_json_eq '{i["name"]: i.get("text") for i in d["indicators"]}["branch_election_date"]' "16 October 2018" "a date, formatted"
REG=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({i["name"]: i["value"] for i in d["indicators"]}["households_registered"])' "$OUT_FILE")

lkj indicators --region $V --year 2018 --name households_poor,people_poor
check_json_eq '[i["name"] for i in d["indicators"]]' '["households_poor", "people_poor"]' "--name limits the output"
lk indicators --region $V --year 2018 --name no_such_thing
check_rc 1 "an unknown indicator is a usage error"
check_err 'unknown indicator no_such_thing' "the message names it"
lk indicators --region 9999 --year 2018
check_rc 3 "an unknown region"
check_err 'region 9999 is not in the ledger' "the message names the region"

lkj drill households_registered --region $V --year 2018
check_rc 0 "drill-down"
check_json_eq 'd["count"] == len(d["rows"])' true "count is the rows"
check_json_eq 'd["count"]' "$REG" "the drill-down lists as many households as the indicator counts"
check_json_eq 'all(r["status"] in ("poor", "lifted", "returned") for r in d["rows"])' true "only registered households"
lk drill region_name --region $V --year 2018
check_rc 3 "an indicator without a drill-down"

# ---- the annual report ---------------------------------------------------
lk report annual --region $V --year 2018 --out "$T/en.md"
check_rc 0 "annual report (en)"
check_same "$GOLD/annual-2018.en.md" "$T/en.md" "the English report is the golden one"
check_file_lacks "$T/en.md" '\{\{|\}\}' "no unfilled placeholder"
check_file_lacks "$T/en.md" '(^|[^A-Za-z])[Xx]([^A-Za-z]|$)' "no X standing for a number"
check_file_lacks "$T/en.md" ' - (km|yuan|households)' "no unknown figure"
lk --lang zh_CN report annual --region $V --year 2018 --out "$T/zh.md"
check_rc 0 "annual report (zh_CN)"
check_same "$GOLD/annual-2018.zh_CN.md" "$T/zh.md" "the Chinese report is the golden one"
check_file_has "$T/zh.md" "^# 褚家营社区村民委员会2018年脱贫攻坚工作总结" "Chinese title"
check_file_lacks "$T/zh.md" '—' "no unknown figure (zh)"

lkj report annual --region $V --year 2018 --format json
check_rc 0 "the figures of the report as JSON"
check_json_eq '"households_registered" in [i["name"] for i in d["indicators"]]' true "the report's indicators"
check_json_eq '"villages" in [i["name"] for i in d["indicators"]]' false "only those the report uses"

# a town: the same template speaks of the town
lk report annual --region 532923101 --year 2018
check_rc 0 "a town's report"
check_out "Profile of the town" "the wording adapts to the town"
check_out "^# .*: poverty alleviation work report for 2018" "title"

# a user's template, and its errors with their line
printf '# {{region_name}}\n\n{{households}} households, {{people:int}} people.\n' >"$T/ok.md"
lk report annual --region $V --year 2018 --template "$T/ok.md"
check_rc 0 "user template"
check_out '^[0-9]+ households, [0-9]+ people\.$' "user template filled"
printf '# title\n\nfine {{households}}\n{{households_registred}}\n' >"$T/bad.md"
lk report annual --region $V --year 2018 --template "$T/bad.md"
check_rc 2 "an unknown indicator in a template"
check_err 'bad.md, line 4: unknown indicator: households_registred' "names file, line and indicator"
printf '{{#if households}}\nno end\n' >"$T/bad2.md"
lk report annual --region $V --year 2018 --template "$T/bad2.md"
check_rc 2 "an unclosed block"
check_err 'block not closed' "says what is wrong"
lk report annual --region $V --year 2018 --template "$T/missing.md"
check_rc 3 "a missing template file"
lk report annual --region $V
check_rc 1 "--year is required"
lk report annual --region $V --year 2018 --format pdf
check_rc 1 "an unknown format"

# ---- HTML and DOCX -------------------------------------------------------
lk report annual --region $V --year 2018 --out "$T/en.html"
check_rc 0 "annual report as HTML (from the extension)"
check_file_has "$T/en.html" '<html lang="en"' "an HTML page in English"
check_file_has "$T/en.html" "<span class=\"fig\">$REG</span>" "figures marked in the page"
check_file_lacks "$T/en.html" '<script|src="http' "self-contained"
lk report annual --region $V --year 2018 --format docx --out "$T/en.docx"
check_rc 0 "annual report as DOCX"
lk --lang zh_CN report annual --region $V --year 2018 --out "$T/zh.docx"
check_rc 0 "Chinese annual report as DOCX"
check_eq "PK" "$(head -c 2 "$T/en.docx")" "a DOCX is a zip file"

if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
	echo "soffice or pdftotext missing: DOCX conversion skipped"
	finish
	exit $?
fi
mkdir -p "$T/pdf"
lk_run timeout 300 soffice --headless "-env:UserInstallation=file://$T/lo" \
	--convert-to pdf --outdir "$T/pdf" "$T/en.docx" "$T/zh.docx"
check_rc 0 "LibreOffice opens the reports"
pdftotext "$T/pdf/en.pdf" "$T/en.txt" || true
pdftotext "$T/pdf/zh.pdf" "$T/zh.txt" || true
check_file_has "$T/en.txt" "I. Basic information" "English heading in the PDF"
check_file_has "$T/en.txt" "$REG households with" "the registered households in the PDF"
check_file_has "$T/en.txt" "15 km from the county seat" "the distance in the PDF"
check_file_has "$T/zh.txt" "一、基本情况" "Chinese heading in the PDF"
check_file_has "$T/zh.txt" "建档立卡贫困户 ?${REG} ?户" "the registered households in the Chinese PDF"

finish
