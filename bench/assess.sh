#!/bin/sh
# assess.sh LIKA [HOUSEHOLDS] - the assessment benchmark of issue 3.
#
# Generates HOUSEHOLDS (default 250,000; about 1 million members) of
# province 53 with `lika gen`, imports them into a fresh ledger, then
# times `lika assess --region 53 --year 2018 --json` of the whole
# province (output to /dev/null) and the text report.  Prints the times,
# households per second and peak memory.  Target: under 10 seconds for
# the JSON assessment.  Never run by the test suite.
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

"$lika" --db "$t/lika.db" init >/dev/null
"$lika" --db "$t/lika.db" regions load --province 53 >/dev/null
s=$(now)
"$lika" --db "$t/lika.db" import "$t/data/households.csv" \
	"$t/data/members.csv" "$t/data/incomes.csv" >/dev/null
e=$(now)
printf 'import (not timed by the target): %.2f s\n' "$(secs "$s" "$e")"

s=$(now)
/usr/bin/time -f "%M" -o "$t/rss" "$lika" --db "$t/lika.db" --json assess \
	--region 53 --year 2018 >/dev/null
e=$(now)
js=$(secs "$s" "$e")
rss=$(($(cat "$t/rss") / 1024))

s=$(now)
"$lika" --db "$t/lika.db" assess --region 53 --year 2018 >/dev/null
e=$(now)
tx=$(secs "$s" "$e")

printf 'lika assess --json:  %.2f s (%s households/s), peak %d MB (target < 10 s)\n' \
	"$js" "$(rate "$hh" "$js")" "$rss"
printf 'lika assess (text):  %.2f s (%s households/s)\n' "$tx" \
	"$(rate "$hh" "$tx")"
