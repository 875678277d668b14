#!/usr/bin/env bash
# The work records from the command line: cadres, pairing, visits,
# measures, funds, disbursements and projects (docs/work.md).
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/x.db
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }

V1=532923101201 # 祥城镇 villages of the Yunnan regions
V2=532923101202
lk_new_ledger "$DB"
lk household add --no H1 --village $V1 --head-name 李一 --head-id "$(lk_id 53292319600101011)" --status 未脱贫
check_rc 0 "household H1"
lk household add --no H2 --village $V1 --head-name 李二 --head-id "$(lk_id 53292319600101013)" --status 未脱贫
lk household add --no H3 --village $V2 --head-name 王三 --head-id "$(lk_id 53292319600101015)" --status 已脱贫
check_rc 0 "household H3"

for k in cadre pairing visit measure fund disbursement project; do
	lk_run "$LIKA" --db "$T/none.db" $k --help
	check_rc 0 "lika $k --help"
	check_out "^usage: lika $k add" "lika $k --help prints its usage"
done

# ---- cadres and pairing -------------------------------------------------
lkj cadre add --set name=张干部 --set 单位级别=县 --set region_code=532923101
check_rc 0 "cadre add"
check_json_eq 'd["cadre"]["id"], d["cadre"]["unit_level"]' '[1, "county"]' "cadre add --json"
lk cadre add --set name=x --set unit_level=galaxy --set region_code=532923101
check_rc 2 "a bad unit level: exit 2"
check_err 'unit_level: galaxy is not in the code list' "the bad code is named"
lk cadre edit 1 --set post=第一书记
check_rc 0 "cadre edit"
lkj cadre show 1
check_json_eq 'd["cadre"]["post"], d["cadre"]["name"]' '["第一书记", "张干部"]' "edit keeps the other fields"
lk pairing add --set household_no=H1 --set cadre_id=1 --set start_date=2018-01-01
check_rc 0 "pairing add"
lk pairing add --set household_no=H1 --set cadre_id=7 --set start_date=2018-01-01
check_rc 2 "pairing with an unknown cadre: exit 2"
lkj pairing unpaired --date 2018-06-30
check_json_eq '[h["household_no"] for h in d["households"]]' '["H2", "H3"]' "households without a helper"
lkj pairing load 1 --date 2018-06-30
check_json_eq 'd["households"], d["quota"], d["over"]' '[1, 5, false]' "cadre load and quota"

# ---- visits -------------------------------------------------------------
lk visit add --set household_no=H1 --set cadre_id=1 --set visit_date=2018-02-01 --set follow_up_date=2018-03-01 --set problems=缺技术
check_rc 0 "visit add"
cat >"$T/visits.csv" <<CSV
户编号,帮扶责任人编号,走访日期,存在问题
H2,1,2018-02-10,缺资金
H3,1,2018-02-31,
CSV
lk visit import "$T/visits.csv"
check_rc 2 "a visit file with a bad date: exit 2"
check_err 'visits.csv:3: 走访日期 "2018-02-31"' "the bad row is named with its column and value"
lkj visit list
check_json_eq 'd["count"]' 1 "the bad file changed nothing"
sed -i 's/2018-02-31/2018-07-01/' "$T/visits.csv"
lk visit import "$T/visits.csv"
check_rc 0 "the corrected file imports"
check_out '2 rows imported' "two rows"
lkj visit coverage --year 2018 --round 1
check_json_eq '[(c["key"], c["visited"], c["households"]) for c in d["coverage"]]' \
	'[["'$V1'", 2, 2], ["'$V2'", 0, 1], ["", 2, 3]]' "coverage of round 1 by village"
lkj visit coverage --year 2018 --round 1 --by cadre
check_json_eq '[(c["key"], c["visited"], c["households"]) for c in d["coverage"]]' \
	'[["1", 1, 1]]' "coverage of round 1 by cadre"
lkj visit missing --year 2018 --round 1
check_json_eq '[h["household_no"] for h in d["households"]]' '["H3"]' "households not visited"
lkj visit overdue --date 2018-06-30
check_json_eq '[v["household_no"] for v in d["overdue"]]' '["H1"]' "overdue follow-ups"
lkj visit list --region $V2
check_json_eq '[v["household_no"] for v in d["visits"]]' '["H3"]' "visits of one village"
lk visit coverage --year 2018
check_rc 1 "coverage without --round: usage"

# ---- funds, disbursements, projects, measures ---------------------------
lk fund add --set name=救灾资金 --set source_level=县 --set source_unit=县民政局 --set amount=10000 --set region_code=$V1
check_rc 0 "fund add"
lk disbursement add --set fund_id=1 --set household_no=H1 --set paid_date=2018-05-01 --set amount=6000 --set voucher_no=V1
check_rc 0 "disbursement"
lk disbursement add --set fund_id=1 --set household_no=H2 --set paid_date=2018-05-02 --set amount=5000
check_rc 4 "beyond the balance: exit 4"
check_err '4000.00 yuan left' "the balance is named"
lkj fund balance
check_json_eq 'd["funds"][0]["balance"], d["funds"][0]["disbursed"]' '[4000.0, 6000.0]' "balance and use"
lkj fund disclosure
check_json_eq '[(x["recipient"], x["amount"]) for x in d["disclosure"]]' '[["李一", 6000.0]]' "disclosure list"
check_no_out '5329231960' "no ID number in the disclosure list"
lk project add --set name=通组路硬化 --set category=道路 --set quantity=3.5 --set unit=km --set region_code=$V1
check_rc 0 "project add"
lkj measure add --set household_no=H1 --set batch=易地扶贫搬迁 --set status=done --set project_id=1 --set keys_date=2018-06-01
check_rc 0 "measure add"
check_json_eq 'd["measure"]["batch"], d["measure"]["batch_label"]' '["relocation", "relocation"]' "batch code and label"
lkj measure list --where batch=relocation
check_json_eq 'd["count"]' 1 "list by batch"
lk fund remove 1
check_rc 4 "a fund with disbursements cannot be removed"

# ---- scope and audit ----------------------------------------------------
lk audit verify
check_rc 0 "audit chain intact"
lk audit log --entity visit
check_out 'visit' "visits are audited"

finish
