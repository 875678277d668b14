#!/bin/sh
# report.sh LIKA [HOUSEHOLDS] - the indicator and report benchmark of
# issue 6.
#
# Generates HOUSEHOLDS (default 100,000: a county at its largest) in the
# villages of one county (532923 祥云县) with `lika gen`, imports them,
# then times:
#   - the annual report of one village (lika report annual, markdown),
#     best of 5 runs, whole process (target < 50 ms);
#   - all indicators of the county (lika indicators --json), best of 3
#     (target < 2 s);
# beside the baseline of the same run: plain aggregate queries over the
# same county in the sqlite3 shell (households by status, people, the
# year's incomes), and prints the ratios.  Never run by the test suite.
set -eu
lika=$1
n=${2:-100000}
county=532923
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT INT TERM

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
# best SECONDS of N runs of a command (output discarded)
best() {
	runs=$1
	shift
	b=""
	i=0
	while [ $i -lt "$runs" ]; do
		s=$(now)
		"$@" >/dev/null
		e=$(now)
		d=$(secs "$s" "$e")
		if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
		i=$((i + 1))
	done
	echo "$b"
}

"$lika" gen --province $county --households "$n" --seed 1 --out "$t/data" >/dev/null
hh=$(($(wc -l <"$t/data/households.csv") - 1))
mb=$(($(wc -l <"$t/data/members.csv") - 1))
echo "data: $hh households, $mb members in county $county"
db=$t/lika.db
"$lika" --db "$db" init >/dev/null
"$lika" --db "$db" regions load --province 53 >/dev/null
"$lika" --db "$db" import "$t/data/households.csv" "$t/data/members.csv" \
	"$t/data/incomes.csv" >/dev/null
village=$(sed -n 2p "$t/data/households.csv" | cut -c1-12)
vhh=$(grep -c "^$village" "$t/data/households.csv")

# the baseline: plain aggregates of the county in the sqlite3 shell
cat >"$t/plain.sql" <<SQL
SELECT status, count(*) FROM household WHERE village_code >= '$county' AND village_code < '${county%?}$(( ${county#?????} + 1 ))' GROUP BY status;
SELECT count(*) FROM member m JOIN household h ON h.id = m.household_id WHERE h.village_code >= '$county' AND h.village_code < '${county%?}$(( ${county#?????} + 1 ))' AND m.member_status = 'current';
SELECT count(*), sum(i.wage + i.operating) FROM income i JOIN household h ON h.id = i.household_id WHERE h.village_code >= '$county' AND h.village_code < '${county%?}$(( ${county#?????} + 1 ))' AND i.year = 2018;
SQL
plain=$(best 3 sqlite3 "$db" ".read $t/plain.sql")
ind=$(best 3 "$lika" --db "$db" --json indicators --region $county --year 2018)
/usr/bin/time -f "%M" -o "$t/rss" "$lika" --db "$db" --json indicators \
	--region $county --year 2018 >/dev/null
rss=$(($(cat "$t/rss") / 1024))
rep=$(best 5 "$lika" --db "$db" report annual --region "$village" --year 2018)
vplain=$(best 5 sqlite3 "$db" "SELECT status, count(*) FROM household WHERE village_code = '$village' GROUP BY status")
# the start of a lika process (loading its libraries): part of every run
start=$(best 5 "$lika" --help)

printf 'indicators of the county (%s households): %.3f s, peak %d MB (target < 2 s)\n' \
	"$hh" "$ind" "$rss"
printf '  plain aggregates in sqlite3:               %.3f s  ratio %.1f\n' \
	"$plain" "$(echo "$ind / $plain" | bc -l)"
printf 'annual report of village %s (%s households): %.1f ms (target < 50 ms)\n' \
	"$village" "$vhh" "$(echo "$rep * 1000" | bc -l)"
printf '  of which starting the process (lika --help): %.1f ms; the report itself: %.1f ms\n' \
	"$(echo "$start * 1000" | bc -l)" "$(echo "($rep - $start) * 1000" | bc -l)"
printf '  one plain aggregate in sqlite3:            %.1f ms  ratio %.1f\n' \
	"$(echo "$vplain * 1000" | bc -l)" "$(echo "$rep / $vplain" | bc -l)"
