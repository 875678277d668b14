#!/bin/sh
# xlsx.sh LIKA [HOUSEHOLDS] - the XLSX ledger book benchmark of issue 6.
#
# Generates HOUSEHOLDS (default 250,000; about 1 million members) with
# `lika gen`, imports them, then times in the same run:
#   baseline: `lika export` of the CSV files (the same rows, the same
#             row producer);
#   lika:     `lika export --format xlsx` of the ledger book (every sheet;
#             streamed, deflated in a second thread);
#   import:   `lika import` of the workbook into a fresh ledger.
# Prints member rows per second, the ratio to the CSV baseline and peak
# memory.  Targets: >= 100,000 member rows/s and < 200 MB for the XLSX
# export.  Never run by the test suite.
set -eu
lika=$1
n=${2:-250000}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT INT TERM

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
rate() { echo "$1 / $2" | bc -l | xargs printf '%.0f'; }
# cpu FILE: user + system seconds of a /usr/bin/time -f "%M %U %S" file
cpu() { awk '{ print $2 + $3 }' "$1"; }
rss() { awk '{ print int($1 / 1024) }' "$1"; }

"$lika" gen --province 53 --households "$n" --seed 1 --out "$t/data" >/dev/null
"$lika" --db "$t/lika.db" init >/dev/null
"$lika" --db "$t/lika.db" regions load --province 53 >/dev/null
"$lika" --db "$t/lika.db" import "$t/data/households.csv" \
	"$t/data/members.csv" >/dev/null
hh=$(($(wc -l <"$t/data/households.csv") - 1))
mb=$(($(wc -l <"$t/data/members.csv") - 1))
echo "data: $hh households, $mb members"

s=$(now)
/usr/bin/time -f "%M %U %S" -o "$t/rss0" "$lika" --db "$t/lika.db" export \
	--out "$t/csv" >/dev/null
e=$(now)
csv=$(secs "$s" "$e")
rss0=$(rss "$t/rss0")
cpu0=$(cpu "$t/rss0")

s=$(now)
/usr/bin/time -f "%M %U %S" -o "$t/rss1" "$lika" --db "$t/lika.db" export \
	--format xlsx --out "$t/book.xlsx" >/dev/null
e=$(now)
xl=$(secs "$s" "$e")
rss1=$(rss "$t/rss1")
cpu1=$(cpu "$t/rss1")
size=$(du -h "$t/book.xlsx" | cut -f1)

"$lika" --db "$t/back.db" init >/dev/null
"$lika" --db "$t/back.db" regions load --province 53 >/dev/null
s=$(now)
/usr/bin/time -f "%M %U %S" -o "$t/rss2" "$lika" --db "$t/back.db" import \
	"$t/book.xlsx" >/dev/null
e=$(now)
imp=$(secs "$s" "$e")
rss2=$(rss "$t/rss2")
cpu2=$(cpu "$t/rss2")

# wall time, and CPU time (user + system: what a loaded machine does not
# distort)
printf 'baseline CSV export:  %.2f s (%s member rows/s), CPU %.2f s (%s rows/s), peak %d MB\n' \
	"$csv" "$(rate "$mb" "$csv")" "$cpu0" "$(rate "$mb" "$cpu0")" "$rss0"
printf 'XLSX export:          %.2f s (%s member rows/s), CPU %.2f s (%s rows/s), peak %d MB, %s\n' \
	"$xl" "$(rate "$mb" "$xl")" "$cpu1" "$(rate "$mb" "$cpu1")" "$rss1" "$size"
printf '                      (target >= 100000 member rows/s, < 200 MB)\n'
printf 'ratio XLSX/CSV:       %.2f (CPU %.2f)\n' "$(echo "$xl / $csv" | bc -l)" \
	"$(echo "$cpu1 / $cpu0" | bc -l)"
printf 'XLSX import:          %.2f s (%s member rows/s), CPU %.2f s, peak %d MB\n' \
	"$imp" "$(rate "$mb" "$imp")" "$cpu2" "$rss2"
