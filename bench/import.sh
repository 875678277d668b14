#!/bin/sh
# import.sh LIKA [HOUSEHOLDS] - the import benchmark of issue 2.
#
# Generates HOUSEHOLDS (default 250,000; about 1 million members) with
# `lika gen`, then times in the same run:
#   baseline: the sqlite3 shell's .import of households.csv and
#             members.csv into bare tables (no validation, no index);
#   lika:     `lika import` of the same two files into a fresh ledger;
#   export:   `lika export` of the result.
# Prints rows per second, the ratio to the baseline and peak memory.
# Targets: >= 100,000 member rows/s, <= 3x the baseline, < 200 MB,
# export >= 200,000 rows/s.  Never run by the test suite.
set -eu
lika=$1
n=${2:-250000}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT INT TERM

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
rate() { echo "$1 / $2" | bc -l | xargs printf '%.0f'; }

"$lika" gen --province 53 --households "$n" --seed 1 --out "$t/data" >/dev/null
hh=$(($(wc -l <"$t/data/households.csv") - 1))
mb=$(($(wc -l <"$t/data/members.csv") - 1))
echo "data: $hh households, $mb members ($(du -sh "$t/data" | cut -f1))"

s=$(now)
/usr/bin/time -f "%U %S" -o "$t/cpu0" sqlite3 "$t/bare.db" -cmd ".mode csv" \
	".import $t/data/households.csv households" \
	".import $t/data/members.csv members"
e=$(now)
base=$(secs "$s" "$e")

"$lika" --db "$t/lika.db" init >/dev/null
"$lika" --db "$t/lika.db" regions load --province 53 >/dev/null
s=$(now)
/usr/bin/time -f "%M %U %S" -o "$t/rss" "$lika" --db "$t/lika.db" import \
	"$t/data/households.csv" "$t/data/members.csv" >/dev/null
e=$(now)
imp=$(secs "$s" "$e")
rss=$(($(cut -d' ' -f1 "$t/rss") / 1024))
cpu=$(awk '{print $2 + $3}' "$t/rss")
cpu0=$(awk '{print $1 + $2}' "$t/cpu0")

s=$(now)
/usr/bin/time -f "%M" -o "$t/rss2" "$lika" --db "$t/lika.db" export \
	--out "$t/out" >/dev/null
e=$(now)
exp=$(secs "$s" "$e")
rss2=$(($(cat "$t/rss2") / 1024))

printf 'baseline sqlite3 .import: %.2f s (%s rows/s)\n' "$base" \
	"$(rate $((hh + mb)) "$base")"
printf 'lika import:              %.2f s (%s member rows/s, %s rows/s), peak %d MB\n' \
	"$imp" "$(rate "$mb" "$imp")" "$(rate $((hh + mb)) "$imp")" "$rss"
printf 'ratio lika/baseline:      %.2f (target <= 3)\n' "$(echo "$imp / $base" | bc -l)"
printf 'CPU seconds (user+sys):   lika %.2f (%s member rows per CPU second), baseline %.2f, ratio %.2f\n' \
	"$cpu" "$(rate "$mb" "$cpu")" "$cpu0" "$(echo "$cpu / $cpu0" | bc -l)"
echo "  (wall-clock figures depend on the machine's load; CPU seconds much less)"
printf 'lika export:              %.2f s (%s rows/s), peak %d MB\n' "$exp" \
	"$(rate $((hh + mb)) "$exp")" "$rss2"
