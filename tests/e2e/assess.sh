#!/usr/bin/env bash
# lika assess end to end: usage and exit codes, a small ledger built with
# the registry commands (a poor household that meets the exit criteria,
# one that fails two guarantees, a lifted one, an ordinary one), the text
# and --json reports, --household explanations, missing policy years, a
# local poverty line, and the demo village.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/x.db
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }

# ---- usage and exit codes without a ledger ------------------------------

lk_run "$LIKA" --db "$T/none.db" assess --help
check_rc 0 "assess --help"
check_out '^usage: lika assess' "assess --help prints the usage"
lk_run "$LIKA" --db "$T/none.db" assess
check_rc 1 "assess without --year: usage error"
check_err 'assess needs --year' "... says what is missing"
lk_run "$LIKA" --db "$T/none.db" assess --year 20x8
check_rc 1 "assess --year 20x8: usage error"
lk_run "$LIKA" --db "$T/none.db" assess --year 2018 extra
check_rc 1 "assess with an extra argument: usage error"
lk_run "$LIKA" --db "$T/none.db" assess --household H --region 53
check_rc 1 "--household with --region: usage error"
lk_run "$LIKA" --db "$T/none.db" assess --year 2018
check_rc 3 "assess without a ledger: not found"
check_eq no "$([ -e "$T/none.db" ] && echo yes || echo no)" "no ledger is created"

# ---- a small ledger -------------------------------------------------------

lk_new_ledger "$DB"
V=532923101202
ins() { # ins ID: both insurances and ordinary labour for an adult
	lk member edit "$1" --set medical_insurance=是 \
		--set serious_illness_insurance=是 --set labour=普通劳动力
	check_rc 0 "insure $1"
}
safe() { # safe NO: house B, safe water
	lk household edit "$1" --set house_grade=B --set water_safe=是 \
		--set water_difficult=否
	check_rc 0 "safe house and water for $1"
}

# H1: poor since 2015, one insured adult, 5000 yuan: meets the criteria
A1=$(lk_id 53292319780505011)
lk household add --no H1 --village $V --head-name 赵一 --head-id "$A1" \
	--status 未脱贫 --set identified_year=2015 --set main_cause=因病
check_rc 0 "household add H1"
safe H1
ins "$A1"
lk income set H1 --year 2018 --set wage=5000
check_rc 0 "income H1"

# H2: poor; a child of 10 out of school, a dangerous house (D)
A2=$(lk_id 53292319800101021)
C2=$(lk_id 53292320080303002)
lk household add --no H2 --village $V --head-name 钱二 --head-id "$A2" \
	--status 未脱贫 --set identified_year=2015 --set main_cause=因学
check_rc 0 "household add H2"
safe H2
lk household edit H2 --set house_grade=D
ins "$A2"
lk member add --household H2 --name 钱小二 --id "$C2" --relation 之女 \
	--set medical_insurance=是 --set serious_illness_insurance=是 \
	--set labour=无劳动力
check_rc 0 "member add the child"
lk income set H2 --year 2018 --set wage=6000
check_rc 0 "income H2"

# H3: lifted in 2016, 3000 yuan in 2018 (the line is 2995)
A3=$(lk_id 53292319700707031)
lk household add --no H3 --village $V --head-name 孙三 --head-id "$A3" \
	--status 已脱贫 --set identified_year=2015 --set lifted_year=2016
check_rc 0 "household add H3"
safe H3
ins "$A3"
lk income set H3 --year 2018 --set wage=3000

# H4: ordinary, 2000 yuan: a candidate for identification
A4=$(lk_id 53292319750101041)
lk household add --no H4 --village $V --head-name 李四 --head-id "$A4"
check_rc 0 "household add H4"
safe H4
ins "$A4"
lk income set H4 --year 2018 --set wage=2000

# ---- the report -------------------------------------------------------------

lk assess --region 532923 --year 2018
check_rc 0 "assess --region 532923 --year 2018"
check_out '^assessment of 532923 for 2018 \(reference date 2018-12-31\)' "header"
check_out 'Sudden severe difficulty' "the header says sudden difficulty is not derived"
check_out '^H1  赵一  poor: meets the exit criteria$' "H1 meets"
check_out '^H2  钱二  poor: does not meet the exit criteria\. .*钱小二 \(aged 10\) is not in school\. .*The house is graded D' \
	"H2 fails with the child and the house named"
check_out '^H3  孙三  lifted: still meets the exit criteria, not at risk$' \
	"H3 stable (no monitoring in 2018: nothing to say of it)"
check_out '^H4  李四  ordinary: candidate for identification as poor\. Per-capita net income is 2000\.00 yuan' \
	"H4 a candidate for identification"
check_out "^$V +4 +5 +3 +60\\.00% +3\\.00%  does not meet" "the village line"
check_out '^532923 +4 +5 +3 +60\.00% +3\.00%  does not meet +祥云县' "the county line"
check_out '^summary: 4 households assessed' "summary"

lkj assess --region 532923 --year 2018
check_rc 0 "assess --json"
check_json "assess --json is JSON"
check_json_eq 'd["region"], d["year"], d["date"]' '["532923", 2018, "2018-12-31"]' "region, year, date"
check_json_eq 'len(d["notes"])' 3 "notes"
check_json_eq '[h["household_no"] for h in d["households"]]' '["H1", "H2", "H3", "H4"]' "households in order"
check_json_eq '[h["verdict"] for h in d["households"]]' '["meets", "fails", "stable", "identify"]' "verdicts"
check_json_eq 'd["households"][1]["criteria"]["schooling"], d["households"][1]["criteria"]["housing"]' \
	'["fail", "fail"]' "H2: schooling and housing fail"
check_json_eq '[r["criterion"] for r in d["households"][1]["reasons"]]' '["schooling", "housing"]' "H2: two reasons"
check_json_eq 'd["households"][0]["income"]' '{"persons": 1, "net_income": 5000.0, "per_capita": 5000.0}' "H1 income"
check_json_eq 'd["households"][0]["poverty_line"], d["households"][0]["monitoring_line"]' '[2995.0, null]' "H1 lines"
check_json_eq 'd["households"][0]["status_since"]' 2015-01-01 "H1 poor since"
check_json_eq 'd["households"][2]["criteria"]["monitoring"]' na "H3: no monitoring in 2018 (policy none)"
check_json_eq 'd["villages"]' \
	'[{"code": "532923101202", "name": "褚家营社区村民委员会", "households": 4, "people": 5, "poor_households": 2, "poor_people": 3, "incidence": 0.6, "threshold": 0.03, "meets": false, "reason": null}]' \
	"the village"
check_json_eq '[c["code"] for c in d["counties"]]' '["532923"]' "the county"
check_json_eq 'd["summary"]' \
	'{"households": 4, "meets": 1, "fails": 1, "stable": 1, "at_risk": 0, "identify": 1, "monitor": 0, "none": 0, "unknown": 0, "not_assessed": 0}' \
	"summary"

# a town: villages only
lkj assess --region 532923101 --year 2018
check_json_eq 'len(d["villages"]), len(d["counties"])' '[1, 0]' "a town has no county line"

# ---- explanations --------------------------------------------------------------

lk assess --household H2 --year 2018
check_rc 0 "assess --household H2"
check_out '^household H2, head 钱二, village 褚家营社区村民委员会 \(532923101202\)' "explain: the household"
check_out '^status on the reference date: poor \(since 2015-01-01\)' "explain: status and since"
check_out '^income: net 6000\.00 yuan, 2 persons, per capita 3000\.00 yuan' "explain: income"
check_out '^policy: poverty line 2995\.00 yuan; monitoring line none; income items wage,' "explain: policy values"
check_out '^  pass +income above the poverty line: Per-capita net income is 3000\.00 yuan' "explain: income criterion"
check_out '^  na +income above the monitoring line: not applied' "explain: monitoring not applied to the poor"
check_out '^  fail +compulsory schooling: 钱小二 \(aged 10\) is not in school\.' "explain: the dropout"
check_out '^  pass +basic medical insurance: 钱二 has residents' "explain: each member's insurance"
check_out '^  pass +serious-illness insurance: 钱小二 has serious-illness insurance' "explain: serious illness"
check_out '^  fail +safe housing: The house is graded D' "explain: the house"
check_out '^  pass +safe drinking water: The drinking water is safe' "explain: water"
check_out '^verdict: does not meet the exit criteria$' "explain: verdict"
check_out "^$V +4 +5 +3 +60\\.00%" "explain: the village's incidence"

# the year defaults to the latest income year
lk assess --household H1
check_rc 0 "assess --household without --year"
check_out '^assessment for 2018 ' "the latest income year is used"

lkj assess --household H3 --year 2018
check_rc 0 "assess --household --json"
check_json_eq 'len(d["households"]), d["households"][0]["verdict"]' '[1, "stable"]' "one household"
check_json_eq 'sorted(set(r["result"] for r in d["households"][0]["reasons"]))' '["pass"]' \
	"explain --json has the passed criteria too"
lk assess --household NOPE --year 2018
check_rc 3 "an unknown household: not found"
check_err 'NOPE' "... named"

# ---- policy: a missing year, a local line ------------------------------------------

lk income set H1 --year 2023 --set wage=9000
check_rc 0 "an income for 2023"
lkj assess --region $V --year 2023
check_rc 0 "a year without a poverty line still runs"
check_json_eq 'd["households"][0]["verdict"]' unknown "H1 cannot be assessed in 2023"
check_json_eq '"the policy has no poverty_line for region 532923101202 in 2023" in d["households"][0]["reasons"][-1]["text"]' \
	true "the reason names the missing value and the year"
check_json_eq 'd["households"][1]["verdict"]' fails "H2 fails whatever the line"
lk assess --region $V --year 2023
check_out '^H1  赵一  poor: cannot be assessed\. .*poverty_line' "text: cannot be assessed, with the reason"

lk policy set poverty_line 5500 --region 532923 --year 2018 --reason "county line"
check_rc 0 "a county poverty line"
lkj assess --region $V --year 2018
check_json_eq '[h["verdict"] for h in d["households"]]' '["fails", "fails", "at_risk", "identify"]' \
	"the county line (5500) beats the national one"
check_json_eq 'd["households"][0]["poverty_line"]' 5500.0 "H1 is measured against 5500"
check_json_eq 'd["households"][2]["category"], d["households"][2]["risk_types"]' '["unstable", ["other"]]' \
	"H3 at risk: unstable, risk type other"

lk --lang zh_CN assess --region $V --year 2018
check_rc 0 "assess in Chinese"
check_out '^H1  赵一  未脱贫: ' "Chinese status labels"

lk assess --region 99 --year 2018
check_rc 0 "a region without households"
check_out '^summary: 0 households assessed' "... assesses nothing"
lk assess --region 5x --year 2018
check_rc 2 "a malformed region: invalid"

# ---- the demo village ------------------------------------------------------------

DEMO=$T/demo.db
lk_run "$LIKA" --db "$DEMO" demo
check_rc 0 "demo"
lk_run "$LIKA" --db "$DEMO" policy load # the demo may predate the policy
check_rc 0 "policy load on the demo"
lk_run "$LIKA" --db "$DEMO" --json assess --year 2018
check_rc 0 "assess the demo"
check_json "demo assessment is JSON"
check_json_eq 'd["summary"]["households"] + d["summary"]["not_assessed"]' 320 "every demo household"
check_json_eq 'sum(v for k, v in d["summary"].items() if k not in ("households", "not_assessed")) == d["summary"]["households"]' \
	true "the verdicts add up"
check_json_eq 'd["summary"]["unknown"]' 0 "2018 can be assessed everywhere"
check_json_eq '[v["code"] for v in d["villages"]], [c["code"] for c in d["counties"]]' \
	'[["532923101202"], ["532923"]]' "one village, one county"
check_json_eq 'd["villages"][0]["poor_people"] > 0 and d["villages"][0]["threshold"] == 0.03' true "village incidence"
check_json_eq 'all(h["reasons"] for h in d["households"] if h["verdict"] == "fails")' true \
	"every failure has reasons"
NO=$(json_get '[h["household_no"] for h in d["households"] if h["verdict"] == "fails"][0]')
lk_run "$LIKA" --db "$DEMO" assess --household "$NO" --year 2018
check_rc 0 "explain a demo household"
check_out '^verdict: does not meet the exit criteria' "its verdict"
check_out '^  fail ' "its failed criterion"

finish
