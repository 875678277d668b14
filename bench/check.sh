#!/bin/sh
# check.sh LIKA [HOUSEHOLDS] - the data-quality check benchmark of issue 3.
#
# Generates HOUSEHOLDS (default 250,000; about 1 million members) with
# `lika gen --faults 0.05` and imports them, then times in the same run:
#   baseline: one plain full scan of the member and the household tables
#             (the sqlite3 shell's SELECT * of every row, to /dev/null);
#   lika:     `lika check --year 2018 --csv` of the whole ledger (every
#             rule), to /dev/null.
# Prints both times, the ratio, the findings and peak memory.  Targets:
# < 10 s and <= 5x the baseline.  Never run by the test suite.
set -eu
lika=$1
n=${2:-250000}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT INT TERM

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

"$lika" gen --province 53 --households "$n" --seed 1 --faults 0.05 \
	--out "$t/data" >/dev/null
"$lika" --db "$t/lika.db" init >/dev/null
"$lika" --db "$t/lika.db" regions load --province 53 >/dev/null
"$lika" --db "$t/lika.db" import "$t/data/households.csv" \
	"$t/data/members.csv" "$t/data/incomes.csv" --accept-invalid \
	>/dev/null 2>&1
sqlite3 "$t/lika.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
hh=$(sqlite3 "$t/lika.db" 'SELECT count(*) FROM household')
mb=$(sqlite3 "$t/lika.db" 'SELECT count(*) FROM member')
echo "data: $hh households, $mb members ($(du -sh "$t/lika.db" | cut -f1) ledger)"

# warm the page cache the same way for both
cat "$t/lika.db" >/dev/null

s=$(now)
sqlite3 "$t/lika.db" 'SELECT * FROM member' >/dev/null
sqlite3 "$t/lika.db" 'SELECT * FROM household' >/dev/null
e=$(now)
base=$(secs "$s" "$e")

s=$(now)
/usr/bin/time -f "%M" -o "$t/rss" "$lika" --db "$t/lika.db" check \
	--year 2018 --csv >"$t/findings.csv" || [ $? -eq 2 ]
e=$(now)
chk=$(secs "$s" "$e")
rss=$(($(tail -n 1 "$t/rss") / 1024))
found=$(($(wc -l <"$t/findings.csv") - 1))

printf 'baseline full scan (member + household): %.2f s\n' "$base"
printf 'lika check, all rules:                   %.2f s (%d findings), peak %d MB\n' \
	"$chk" "$found" "$rss"
printf 'ratio check/baseline:                    %.2f (target <= 5)\n' \
	"$(echo "$chk / $base" | bc -l)"
printf 'check time:                              %.2f s (target < 10)\n' "$chk"
