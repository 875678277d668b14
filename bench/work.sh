#!/bin/sh
# work.sh LIKA [HOUSEHOLDS] - the work-records benchmark of issue 5.
#
# Generates HOUSEHOLDS (default 250,000) of province 53 with `lika gen`,
# imports them, adds one helper cadre per village (`lika cadre import`)
# and one visit per household per quarter of 2018 (4 x HOUSEHOLDS rows,
# 1 million by default) with `lika visit import`, then times visit
# coverage of round 1 for the largest county and for the whole province.
# Baseline: sqlite3 .import of the same visits file into a bare table.
# Targets: coverage for a county under 1 s; import at 100,000 rows/s or
# more.  Never run by the test suite.
set -eu
lika=$1
n=${2:-250000}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT INT TERM

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
rate() { echo "$1 / $2" | bc -l | xargs printf '%.0f'; }

"$lika" gen --province 53 --households "$n" --seed 1 --out "$t/data" >/dev/null
"$lika" --db "$t/lika.db" init >/dev/null
"$lika" --db "$t/lika.db" regions load --province 53 >/dev/null
"$lika" --db "$t/lika.db" import "$t/data/households.csv" \
	"$t/data/members.csv" "$t/data/incomes.csv" >/dev/null

# one cadre per village, numbered in order of first appearance
awk -F, 'BEGIN { print "name,region_code" }
	NR > 1 && !seen[$2]++ { print "干部" $2 "," $2 }' \
	"$t/data/households.csv" >"$t/cadres.csv"
"$lika" --db "$t/lika.db" cadre import "$t/cadres.csv" >/dev/null
awk -F, 'BEGIN { print "household_no,cadre_id,visit_date,found" }
	NR > 1 { if (!($2 in id)) id[$2] = ++k
		for (q = 0; q < 4; q++)
			printf "%s,%d,2018-%02d-15,入户走访\n", $1, id[$2], 2 + 3 * q }' \
	"$t/data/households.csv" >"$t/visits.csv"
rows=$(($(wc -l <"$t/visits.csv") - 1))
county=$(awk -F, 'NR > 1 { c[substr($2, 1, 6)]++ }
	END { for (k in c) if (c[k] > m) { m = c[k]; b = k }; print b }' \
	"$t/data/households.csv")

s=$(now)
sqlite3 "$t/base.db" ".import --csv $t/visits.csv v"
e=$(now)
base=$(secs "$s" "$e")

s=$(now)
/usr/bin/time -f "%U %S" -o "$t/cpu" "$lika" --db "$t/lika.db" visit import \
	"$t/visits.csv" >/dev/null
e=$(now)
imp=$(secs "$s" "$e")
cpu=$(awk '{ print $1 + $2 }' "$t/cpu")

# best of three runs of a command (the machine may be busy)
best() {
	b=""
	for i in 1 2 3; do
		s=$(now)
		"$@" >/dev/null
		e=$(now)
		x=$(secs "$s" "$e")
		if [ -z "$b" ] || [ "$(echo "$x < $b" | bc -l)" = 1 ]; then
			b=$x
		fi
	done
	echo "$b"
}
cty=$(best "$lika" --db "$t/lika.db" --json visit coverage --year 2018 \
	--round 1 --region "$county")
prov=$(best "$lika" --db "$t/lika.db" --json visit coverage --year 2018 \
	--round 1 --region 53)

echo "data: $n households, $rows visits, largest county $county"
printf 'visit import:          %.2f s (%s rows/s; sqlite3 .import %.2f s, ratio %.1f) (target >= 100000 rows/s)\n' \
	"$imp" "$(rate "$rows" "$imp")" "$base" "$(echo "$imp / $base" | bc -l)"
printf 'visit import CPU time: %.2f s (%s rows/s of CPU; the machine load shows in the gap)\n' \
	"$cpu" "$(rate "$rows" "$cpu")"
printf 'coverage, county:      %.3f s, best of 3 (target < 1 s)\n' "$cty"
printf 'coverage, province 53: %.3f s, best of 3\n' "$prov"
