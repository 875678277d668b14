#!/usr/bin/env bash
# lika check on generated data: `lika gen --faults` writes faults.csv
# naming every injected fault (household, member ID, rule); after an
# import with --accept-invalid, `lika check --year 2018` must find every
# one of them and nothing on the households without a fault.  The
# generated data has no helpers: every household is paired with one by
# SQL first (so helper.none takes part in the comparison), and a cadre
# who is a member of a poor household is added afterwards (helper.is_poor).
# Then: the text, JSON and CSV outputs, masking, --household, --region,
# --rule, --list, the exit codes and the usage errors.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/x.db
D=$T/gen
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }
cd "$T"

lk_new_ledger "$DB"

# ---- usage errors -------------------------------------------------------

lk check --frob
check_rc 1 "check with an unknown option: usage error"
lk check --year 20x8
check_rc 1 "check --year 20x8: usage error"
lk check --rule no.such
check_rc 1 "check --rule no.such: usage error"
check_err 'no\.such' "the unknown rule is named"
lk check --csv --json
check_rc 1 "check --csv --json: usage error"
lk check extra
check_rc 1 "check with an argument: usage error"
lk check --help
check_rc 0 "check --help"
check_out 'usage: lika check' "check --help prints the usage"

lk check --list
check_rc 0 "check --list"
check_out '^id\.checksum +error ' "--list shows id.checksum as an error"
check_out '^road\.range +warning ' "--list shows road.range as a warning"
check_eq 48 "$(wc -l <"$OUT_FILE" | tr -d ' ')" "--list: 47 rules of domain.md and policy.missing"
lkj check --list
check_json_eq 'len(d["rules"])' 48 "--list --json: 48 rules"
check_json_eq '[r["from"] for r in d["rules"] if r["id"] == "income.unmonitored_risk"][0]' 2020 \
	"income.unmonitored_risk applies from 2020"

# ---- an empty ledger ------------------------------------------------------

lk check --year 2018
check_rc 0 "check of an empty ledger: exit 0"
check_out '0 households and 0 member rows checked on 2018-12-31: 0 findings' \
	"an empty ledger has nothing to report"

# ---- generated data with faults ---------------------------------------------

lk_run "$LIKA" gen --province 53 --households 2000 --seed 7 --faults 0.2 --out "$D"
check_rc 0 "gen 2000 households with faults"
check_eq 401 "$(wc -l <"$D/faults.csv" | tr -d ' ')" "400 faults (and a header)"
lk import "$D/households.csv" "$D/members.csv" "$D/incomes.csv" --accept-invalid
check_rc 0 "import with --accept-invalid"
sqlite3 "$DB" "INSERT INTO cadre (id, name, region_code, county_code, created_at,
	updated_at) VALUES (1, '帮扶人', '53', '530102', 'now', 'now');
	INSERT INTO pairing (cadre_id, household_id, county_code, start_date, created_at)
	SELECT 1, id, county_code, '2014-01-01', 'now' FROM household;"

lk check --year 2018 --csv --show-ids
check_rc 2 "check finds errors: exit 2"
cp "$OUT_FILE" "$T/findings.csv"
check_eq "rule,severity,household_no,village_code,id_number,name,field,value,message" \
	"$(head -n 1 "$T/findings.csv" | tr -d '\r')" "CSV header"

# every injected fault found, nothing else (household, member ID, rule)
cmp_faults() {
	python3 - "$D/faults.csv" "$1" <<'PY'
import csv, sys
def rows(p):
    with open(p, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
want = {(r["household_no"], r["id_number"], r["rule"]) for r in rows(sys.argv[1])}
got = {(r["household_no"], r["id_number"], r["rule"]) for r in rows(sys.argv[2])}
miss, extra = sorted(want - got), sorted(got - want)
for m in miss[:10]:
    print("missing", *m)
for e in extra[:10]:
    print("extra", *e)
print(len(want), len(got), len(miss), len(extra))
PY
}
res=$(cmp_faults "$T/findings.csv")
check_eq "400 400 0 0" "$(echo "$res" | tail -n 1)" "every injected fault found under its rule, no other finding ($res)"
check_eq 0 "$(python3 -c '
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
print(sum(1 for x in r if x["rule"] == "helper.none"))' "$T/findings.csv")" \
	"no helper.none once every household is paired"

# a helper cadre who is a member of a poor household
poor_id=$(sqlite3 "$DB" "SELECT m.id_number FROM member m JOIN household h ON
	h.id = m.household_id WHERE h.status = 'poor' AND m.relation = '1' AND
	h.household_no NOT IN ($(cut -d, -f1 "$D/faults.csv" | tail -n +2 |
	sed "s/.*/'&'/" | paste -sd, -)) ORDER BY h.household_no LIMIT 1")
poor_hh=$(sqlite3 "$DB" "SELECT h.household_no FROM member m JOIN household h ON
	h.id = m.household_id WHERE m.id_number = '$poor_id'")
sqlite3 "$DB" "INSERT INTO cadre (name, id_number, region_code, county_code,
	created_at, updated_at) VALUES ('自己', '$poor_id', '53', '530102', 'now', 'now')"
lk check --year 2018 --csv --show-ids --rule helper.is_poor
check_rc 0 "helper.is_poor is a warning: exit 0"
check_eq 2 "$(wc -l <"$OUT_FILE" | tr -d ' ')" "one helper.is_poor finding"
check_out "^helper\.is_poor,warning,$poor_hh,[0-9]+,$poor_id," "helper.is_poor names the household and the member"

# ---- text output ---------------------------------------------------------------

lk check --year 2018
check_rc 2 "text output: exit 2"
check_out '^[0-9]{16} error \[id\.checksum\] .* \([0-9]{4}\*{10}[0-9X]{4}\) id_number = [0-9]{4}\*{10}[0-9X]{4}: ' \
	"text: masked ID numbers"
check_no_out '[0-9]{17}[0-9X]' "text: no full ID number anywhere"
check_out '^findings by rule:' "text: summary by rule"
check_out '^  id\.checksum +error +11 ' "text: 11 id.checksum findings (39 rules round-robin)"
check_out '^findings by village:' "text: summary by village"
check_out '^2000 households and [0-9]+ member rows checked on 2018-12-31: 401 findings' \
	"text: totals"

lk --lang zh_CN check --year 2018 --rule road.range
check_rc 0 "road.range only: warnings, exit 0"
check_out '与村主干路距离超过上限' "summary descriptions in Chinese"

# ---- JSON ------------------------------------------------------------------------

lkj check --year 2018
check_rc 2 "--json: exit 2"
check_json "check --json"
check_json_eq 'len(d["findings"]), d["count"], d["households"]' '[401, 401, 2000]' \
	"--json: findings and counts"
check_json_eq 'd["summary"]["by_rule"]["id.checksum"]' '{"severity": "error", "count": 11}' \
	"--json: summary by rule"
check_json_eq 'd["summary"]["by_rule"]["helper.none"]["count"]' 0 \
	"--json: rules without findings are listed"
check_json_eq 'sum(d["summary"]["by_village"].values()) == d["count"]' true \
	"--json: summary by village adds up"
check_json_eq 'd["errors"] + d["warnings"] == d["count"]' true "--json: errors and warnings"
check_json_eq 'd["reference_date"], d["year"]' '["2018-12-31", 2018]' "--json: the reference date"
check_json_eq 'all(f["id_number"] is None or "*" in f["id_number"] for f in d["findings"])' true \
	"--json: IDs masked"
check_json_eq 'sorted(set(f["severity"] for f in d["findings"]))' '["error", "warning"]' \
	"--json: severities"

# ---- one household explained ------------------------------------------------------

bad=$(awk -F, '$4 ~ /^road\.range/ {print $1; exit}' "$D/faults.csv")
lk check --year 2018 --household "$bad"
check_rc 0 "--household with a warning only: exit 0"
check_out "^household $bad: every rule" "--household: title"
check_out '^road\.range +fail +warning +road_km=' "--household: the failing rule with its values"
check_out '^school\.age_high +(pass|n/a) ' "--household: member rules"
check_out "^$bad warning \[road\.range\] road_km = " "--household: the finding"
lkj check --year 2018 --household "$bad"
check_json "--household --json"
check_json_eq 'd["household_no"], len(d["findings"]), d["households"]' "[\"$bad\", 1, 1]" \
	"--household --json: one finding"
check_json_eq 'len(set(e["rule"] for e in d["explain"]))' 47 \
	"--household --json: every rule of domain.md explained"
check_json_eq '[e["result"] for e in d["explain"] if e["rule"] == "road.range"]' '["fail"]' \
	"--household --json: the verdict"
lk check --year 2018 --household 9999999999999999
check_rc 3 "--household of an unknown household: exit 3"

# ---- region and rules -------------------------------------------------------------

v=$(awk -F, 'NR == 2 {print substr($1, 1, 12)}' "$D/faults.csv")
lkj check --year 2018 --region "$v"
check_json_eq "list(d[\"summary\"][\"by_village\"].keys())" "[\"$v\"]" "--region: one village"
check_json_eq "all(f[\"village_code\"] == \"$v\" for f in d[\"findings\"])" true \
	"--region: findings of that village only"
lkj check --year 2018 --rule 'income.*'
check_json_eq 'sorted(set(f["rule"] for f in d["findings"]))' \
	'["income.lifted_below_line", "income.operating_no_expense", "income.range", "income.wage_no_worker", "income.worker_no_wage"]' \
	"--rule income.*: the income rules"
sqlite3 "$DB" "UPDATE income SET year = 2023"
lk check --year 2023 --rule income.lifted_below_line --csv
check_rc 0 "2023: a missing poverty line is a warning"
check_out '^policy\.missing,warning,,,,,poverty_line,2023,' "policy.missing reported"
check_eq 2 "$(wc -l <"$OUT_FILE" | tr -d ' ')" "policy.missing reported once"

finish
