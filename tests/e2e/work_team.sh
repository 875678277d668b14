#!/usr/bin/env bash
# The resident team, party work, training and employment, the village
# profile and notes from the command line (docs/work.md).
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/x.db
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }

V1=532923101201
V2=532923101202
HEAD=$(lk_id 53292319600101011)
lk_new_ledger "$DB"
lk household add --no H1 --village $V1 --head-name 李一 --head-id "$HEAD" --status 未脱贫
check_rc 0 "household H1"
lk member edit "$HEAD" --set 劳动技能=普通劳动力
check_rc 0 "the head's labour capacity"

for k in team attendance branch party-member party-activity points training trainee employment village-profile village-item note; do
	lk_run "$LIKA" --db "$T/none.db" $k --help
	check_rc 0 "lika $k --help"
	check_out "^usage: lika $k add" "lika $k --help prints its usage"
done

# ---- resident team ------------------------------------------------------
lk team add --set name=杨队长 --set sent_level=省 --set role=第一书记 --set from_date=2018-01-01 --set region_code=$V1
check_rc 0 "team member"
lk team add --set name=李队员 --set sent_level=县 --set role=队员 --set from_date=2018-03-01 --set to_date=2018-06-30 --set region_code=$V1
check_rc 0 "second team member"
lkj team list --on 2018-02-01
check_json_eq 'd["count"]' 1 "the team on 2018-02-01"
lkj team list --on 2018-04-01
check_json_eq 'd["count"]' 2 "the team on 2018-04-01"
cat >"$T/att.csv" <<CSV
team_member_id,on_date,status
1,2018-05-02,在岗
1,2018-05-03,在岗
1,2018-05-04,请假
2,2018-05-04,公出
CSV
lk attendance import "$T/att.csv"
check_rc 0 "attendance import"
lk attendance import "$T/att.csv"
check_rc 2 "the same days again are rejected"
lkj team days --month 2018-05
check_json_eq '[(m["id"], m["present"], m["leave"], m["travel"]) for m in d["members"]]' '[[1, 2, 1, 0], [2, 0, 0, 1]]' "days in the village"

# ---- party --------------------------------------------------------------
lk branch add --set name=党支部 --set region_code=$V1
lk party-member add --set party_branch_id=1 --set name=甲 --set kind=正式党员
lk party-member add --set party_branch_id=1 --set name=乙 --set kind=预备党员
lk points add --set party_member_id=1 --set on_date=2018-02-01 --set points=5
lk points add --set party_member_id=2 --set on_date=2018-02-01 --set points=-3
check_rc 0 "points"
lk party-activity add --set party_branch_id=1 --set kind=党员活动日 --set on_date=2018-02-01 --set attended=2
check_rc 0 "party activity"
lkj party-member standings --from 2018-01-01 --to 2018-03-31
check_json_eq '[(s["rank"], s["name"], s["total"]) for s in d["standings"]]' '[[1, "甲", 105], [2, "乙", 97]]' "quarterly standings"

# ---- training and employment --------------------------------------------
lk training add --set title=种植培训 --set on_date=2018-04-01 --set region_code=$V1
lk trainee add --set training_id=1 --set household_no=H1 --set id_number="$HEAD"
check_rc 0 "trainee"
lk trainee add --set training_id=1 --set household_no=H1 --set id_number="$(lk_id 53292319700101021)"
check_rc 2 "a trainee who is not a member"
lk employment add --set household_no=H1 --set id_number="$HEAD" --set place=昆明 --set kind=外出务工 --set from_date=2018-03-01
lkj employment laborers --date 2018-06-30
check_json_eq '[(h["household_no"], h["laborers"], h["employed"]) for h in d["households"]]' '[["H1", 1, 1]]' "laborers per household"

# ---- village profile and notes -------------------------------------------
lk village-profile add --set region_code=$V1 --set year=2018 --set 海拔=2100 --set terrain=山区 --set per_capita_income=8050
check_rc 0 "village profile"
lk village-profile add --set region_code=$V1 --set year=2018
check_rc 4 "one profile per village and year"
lk village-item add --set region_code=$V1 --set year=2018 --set category=农作物 --set name=玉米 --set area_mu=1200
check_rc 0 "village item"
lk note add --set region_code=$V1 --set year=2018 --set category=问题 --set text=产业基础薄弱
lkj note list --region $V1 --where category=problem
check_json_eq 'd["notes"][0]["text"], d["notes"][0]["category_label"]' '["产业基础薄弱", "problems and difficulties"]' "notes"
lkj note list --region $V2
check_json_eq 'd["count"]' 0 "no notes of another village"
lk audit verify
check_rc 0 "audit chain intact"

finish
