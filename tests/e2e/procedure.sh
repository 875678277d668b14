#!/usr/bin/env bash
# Procedures from the command line, end to end, with an injected clock
# (LIKA_NOW): an identification and an exit walked step by step, public
# notices (period, objections, printing without private data), the
# status history behind them, forbidden transitions, an override, and
# the annual lock.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/p.db
V=532923101202 # 祥云县 祥城镇 褚家营社区
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }
day() { export LIKA_NOW=$1; }

lk_new_ledger "$DB"
ID1=$(lk_id 53292319700101001)
ID2=$(lk_id 53292319720202002)
ID3=$(lk_id 53292320080303001)
ID4=$(lk_id 53292319650505003)
ID5=$(lk_id 53292319660606004)

day 2016-01-10
# H1: registered poor in 2014, insured, safe house and water
lk household add --no H1 --village $V --head-name 张三 --head-id "$ID1" \
	--status poor --set identified_year=2014 --set group=上村组 \
	--set phone=13812345678 --set bank=农村信用社 \
	--set bank_account=6217001234567890123 --set house_grade=A \
	--set water_safe=是 --set water_difficult=否 --set main_cause=因病
check_rc 0 "add H1"
lk member add --household H1 --name 王秀英 --id "$ID2" --relation 2 \
	--set health=长期慢性病 --set medical_insurance=是 \
	--set serious_illness_insurance=是 --set labour=弱劳动力
check_rc 0 "add H1's wife"
lk member add --household H1 --name 张小明 --id "$ID3" --relation 3 \
	--set school=小学 --set medical_insurance=是 \
	--set serious_illness_insurance=是
check_rc 0 "add H1's son"
lk member edit "$ID1" --set medical_insurance=是 \
	--set serious_illness_insurance=是 --set labour=普通劳动力
check_rc 0 "insure H1's head"
lk income set H1 --year 2016 --set wage=15000
check_rc 0 "H1's income of 2016"
# H2: an ordinary household to be identified
lk household add --no H2 --village $V --head-name 李四 --head-id "$ID4" \
	--set group=下村组
check_rc 0 "add H2"

# ---- the steps of each kind -----------------------------------------
lk procedure steps
check_rc 0 "procedure steps"
for k in identification exit monitoring elimination return removal; do
	check_out "^$k " "steps of $k listed"
done
lkj procedure steps exit
check_json_eq '[s["step"] for s in d["kinds"][0]["steps"]]' \
	'["appraisal", "verification", "consent", "notice", "announcement"]' \
	"the exit steps in order"

# ---- identification of H2 -------------------------------------------
day 2016-03-01
lk procedure start --household H2 --kind identification
check_rc 0 "start an identification"
check_out 'procedure 1 started' "procedure 1 started"
check_out 'next step: application' "... waiting for the application"
lk procedure start --household H2 --kind identification
check_rc 4 "a second open identification: conflict"
check_err 'already has an open identification procedure \(1\)' "... says which"
lk procedure start --household H1 --kind identification
check_rc 4 "identification of a poor household: conflict"
check_err 'is for an ordinary household; household H1 is' "... says why"
lk procedure step 1 appraisal --members 20 --attending 15 --for 14 --against 1
check_rc 4 "appraisal before the application: conflict"
check_err 'is at step application' "... names the step it is at"
lk procedure step 1 application --notes "书面申请"
check_rc 0 "application"
lk procedure step 1 appraisal --members 21 --attending 13 --for 13 --against 0
check_rc 4 "13 of 21 attending: no quorum"
check_err 'no quorum: 13 of 21 representatives attended, fewer than 2/3' "... says so"
lk procedure step 1 appraisal --members 21 --attending 14 --for 12 --against 1
check_rc 0 "14 of 21 attending: exactly two thirds"
lk procedure step 1 town_review --outcome approved
check_rc 4 "town review before the notice"
check_err 'waits for its first public notice' "... says it waits for a notice"

lkj notice create --village $V --kind identification --contact 村委会办公室
check_rc 0 "post the first notice"
check_json_eq 'd["notice"]["start"], d["notice"]["end"], d["notice"]["days"]' \
	'["2016-03-01", "2016-03-07", 7]' "7 days, until the end of 2016-03-07"
check_json_eq '[i["household_no"] for i in d["notice"]["items"]]' '["H2"]' \
	"the notice lists H2"
day 2016-03-07
lk procedure step 1 town_review --outcome approved
check_rc 4 "town review on the notice's last day"
check_err 'runs until the end of 2016-03-07 \(China Standard Time\)' "... names the end"
lk notice close 1
check_rc 4 "closing on the last day"
check_err 'it can be closed from 2016-03-08' "... names the first day"
day 2016-03-08
lk notice close 1
check_rc 0 "close the first notice"
lk procedure step 1 town_review --outcome approved --actor 祥城镇人民政府
check_rc 0 "town review"
lk notice create --village $V --kind identification
check_rc 0 "post the second notice"
day 2016-03-15
lk notice close 2
check_rc 0 "close the second notice"
for s in county_approval announcement pairing plan; do
	lk procedure step 1 $s --outcome approved
	if [ $s = county_approval ]; then check_rc 0 "step $s"; else
		check_rc 2 "an outcome for the record step $s: invalid"
		lk procedure step 1 $s
		check_rc 0 "step $s"
	fi
done
lk household show H2
check_out 'status +ordinary' "H2 still ordinary before the last step"
lkj procedure step 1 entry
check_rc 0 "entry in the system"
check_json_eq 'd["procedure"]["state"], d["procedure"]["outcome"]' \
	'["done", "approved"]' "identification done"
check_json_eq 'len(d["procedure"]["steps"])' 12 "12 step records"
lk household show H2
check_out 'status +poor' "H2 is poor now"
lk procedure step 1 entry
check_rc 4 "a step on a finished procedure"
check_err 'procedure 1 is finished \(approved on 2016-03-15\)' "... says so"

# ---- exit of H1, with an objection ------------------------------------
day 2016-11-01
lk procedure start --household H1 --kind exit --year 2016
check_rc 0 "start the exit of H1"
lk procedure step 2 --members 20 --attending 16 --for 15 --against 1 \
	--actor 村民代表大会
check_rc 0 "appraisal"
lk procedure step 2 verification --outcome approved
check_rc 0 "verification"
lk procedure step 2 consent --outcome 同意 --notes "户主签字确认"
check_rc 0 "the household agrees"
lk notice create --village $V --kind exit --start 2016-11-01
check_rc 0 "post the exit notice"
lk notice print 3 --format md --out "$T/notice.md"
check_rc 0 "print the notice (md)"
lk notice print 3 --format html --out "$T/notice.html"
check_rc 0 "print the notice (html)"
for f in "$T/notice.md" "$T/notice.html"; do
	check_file_has "$f" '张三' "$(basename "$f"): the head's name"
	check_file_has "$f" '上村组' "$(basename "$f"): the villager group"
	check_file_has "$f" 'to exit poverty' "$(basename "$f"): the decision sought"
	check_file_has "$f" '2016-11-01 to the end of 2016-11-07' "$(basename "$f"): the period"
	check_file_has "$f" 'How to object' "$(basename "$f"): how to object"
	for secret in "$ID1" "$ID2" "$ID3" 13812345678 6217001234567890123 \
		农村信用社 长期慢性病 慢性病 chronic 因病 王秀英; do
		check_file_lacks "$f" "$secret" "$(basename "$f") does not show $secret"
	done
	check_file_lacks "$f" '[0-9]{11}' "$(basename "$f"): no long number at all"
done
check_file_has "$T/notice.html" '<table>' "html: a table"
day 2016-11-03
lk notice object 3 --household H1 --text "他家有小轿车" --by 李大爷
check_rc 0 "an objection"
lkj procedure show 2
check_json_eq 'd["procedure"]["suspended"]' true "the exit is suspended"
check_json_eq 'd["procedure"]["objections"][0]["state"]' open "... by an open objection"
day 2016-11-08
lk notice close 3
check_rc 4 "no close with an open objection"
check_err 'open objections \(objection 1 first\)' "... names it"
lk procedure step 2 announcement --outcome approved
check_rc 4 "no step while suspended"
check_err 'suspended by objection 1' "... names the objection"
lk notice resolve 1 --dismissed
check_rc 2 "resolving without reasons: invalid"
check_err 'needs the reasons' "... says so"
lk notice resolve 1 --dismissed --reasons "车辆登记在其兄名下"
check_rc 0 "dismiss the objection"
lk notice close 3
check_rc 0 "close the exit notice"
lk notice print 3
check_file_lacks "$OUT_FILE" '李大爷' "the notice never names the objector"
lkj procedure step 2 announcement --outcome approved
check_rc 0 "announcement: H1 meets the criteria"
check_json_eq 'd["procedure"]["steps"][-1]["assessment"]' meets "assessment recorded"
lk household show H1
check_out 'status +lifted' "H1 is lifted"
check_out 'year lifted +2016' "lifted in 2016"

# ---- the status history with its procedures ---------------------------
lkj household history H1
check_json_eq '[e["source"] for e in d["history"]]' '["entered", "procedure"]' \
	"H1's history: entered, then the exit"
check_json_eq 'd["history"][-1]["date"]' 2016-11-08 "lifted on the announcement"
check_json_eq 'd["history"][-1]["procedure"]' '{"id": 2, "kind": "exit", "year": 2016}' \
	"the procedure behind the lift"
check_json_eq 'd["history"][0]["procedure"]' null "no procedure behind the entered status"
lk household history H1
check_out '2016-11-08 +status +lifted +procedure 2 \(exit 2016\)' "history text names the procedure"
lk household history H2
check_out '2016-03-15 +status +poor' "H2 poor since the entry"

# ---- lists --------------------------------------------------------------
lkj procedure list
check_json_eq 'd["count"]' 2 "two procedures"
lkj procedure list --kind exit --state finished
check_json_eq '[p["household_no"] for p in d["procedures"]]' '["H1"]' "the finished exit"
lkj notice list
check_json_eq 'd["count"]' 3 "three notices"
lk procedure show 2
check_out 'appraisal +approved' "show lists the appraisal"
check_out '16 of 20 attending; 15 for, 1 against' "... with its votes"

# ---- an exit that fails the criteria needs an override -----------------
day 2017-11-01
lk household add --no H3 --village $V --head-name 王五 --head-id "$ID5" \
	--status poor --set identified_year=2014
lk income set H3 --year 2017 --set wage=1000
lk procedure start --household H3 --kind exit
lk procedure step 3 --members 20 --attending 16 --for 15 --against 1
lk procedure step 3 verification --outcome approved
lk procedure step 3 consent --outcome approved
lk notice create --village $V --kind exit
day 2017-11-08
lk notice close 4
check_rc 0 "close H3's notice"
lk_snapshot "$DB" before_override
lk procedure step 3 announcement --outcome approved
check_rc 4 "exit of a household failing the criteria"
check_err 'does not meet the exit criteria for 2017' "... says so"
check_err 'override reason' "... and what is needed"
check_unchanged "$DB" before_override "the refused exit changed nothing"
lk procedure step 3 announcement --outcome approved --override "县级复核认定"
check_rc 0 "exit with an override reason"
lkj procedure show 3
check_json_eq 'd["procedure"]["steps"][-1]["assessment"], d["procedure"]["steps"][-1]["override_reason"]' \
	'["fails", "县级复核认定"]' "verdict and override recorded"

# ---- an administrator's override --------------------------------------
lk procedure override --household H2 --status lifted --date 2017-06-30
check_rc 2 "override without a reason"
lk procedure override --household H2 --status lifted --date 2017-06-30 \
	--reason "纸质档案已批准，补录"
check_rc 0 "override with a reason"
lkj household history H2
check_json_eq '[e["source"] for e in d["history"]]' '["procedure", "override"]' \
	"the override is recorded as such"
check_json_eq 'd["history"][-1]["note"]' "纸质档案已批准，补录" "... with its reason"

# ---- the annual lock ---------------------------------------------------
day 2018-02-01
lkj lock --year 2016 --region 532923
check_rc 0 "lock 2016 of the county"
check_json_eq 'd["lock"]["parts"]["incomes"]["rows"]' 1 "one income of 2016"
DIGEST=$(json_get 'd["lock"]["digest"]')
lk lock --year 2016 --region 532923
check_rc 4 "locking twice"
lk lock verify
check_rc 0 "verify: intact"
check_out 'year 2016 of 532923: intact' "... says so"
lk procedure start --household H2 --kind monitoring --category unstable \
	--date 2016-12-01
check_rc 4 "a procedure dated in the locked year"
check_err 'year 2016 of 532923 is locked' "... names the lock"
lk procedure override --household H3 --status returned --date 2016-12-01 \
	--reason test
check_rc 4 "an override dated in the locked year"
# later work goes on and 2016 stays as it was
lk income set H1 --year 2017 --set wage=16000
check_rc 0 "an income of 2017"
lk lock verify --year 2016
check_rc 0 "2016 intact after later edits"
lkj lock list
check_json_eq 'd["locks"][0]["digest"]' "$DIGEST" "the same digest"
# tampering behind lika's back is caught
lk_checkpoint "$DB"
sqlite3 "$DB" "UPDATE income SET wage = 1600000 WHERE year = 2016"
lk lock verify
check_rc 2 "verify after tampering: exit 2"
check_out 'CHANGED: year 2016 of 532923 changed since it was locked' "... says what"
check_out 'incomes \(1 records locked, 1 now\)' "... and which part"
sqlite3 "$DB" "UPDATE income SET wage = 1500000 WHERE year = 2016"
lk lock verify
check_rc 0 "intact again"
LIKA_USER=town lk_run "$LIKA" --db "$DB" lock unlock --year 2016 --region 532923
check_rc 1 "unlock without a reason: usage"
lk lock unlock --year 2016 --region 532923 --reason "县审计更正2016年收入"
check_rc 0 "unlock with a reason"
lk audit log --entity year_lock
check_out 'unlock +year_lock 2016/532923' "the unlock is audited"
lk lock verify
check_out 'no lock found' "no active lock"

lk audit verify
check_rc 0 "the audit chain is intact"
finish
