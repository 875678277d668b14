#!/bin/sh
# run.sh - builds the CSV fuzz target with clang's libFuzzer (plus ASan and
# UBSan) and runs it.  Not part of the default build.
#
#   tests/fuzz/run.sh [seconds] [extra libFuzzer flags...]
#
# Environment: FUZZ_OUT (build and corpus directory, default build-fuzz),
# CC (default clang).  Exits 0 without fuzzing when clang is missing.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_OUT:-$top/build-fuzz}
cc=${CC:-clang}
secs=${1:-60}
[ $# -gt 0 ] && shift

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "run.sh: $cc not found, skipping the fuzz run" >&2
	exit 0
fi

mkdir -p "$out/corpus_csv"
"$cc" -std=c17 -D_POSIX_C_SOURCE=200809L -DLK_FUZZ_I18N_STUB \
	-g -O1 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$top/src" \
	"$top/tests/fuzz/fuzz_csv.c" "$top/src/io/csv.c" \
	"$top/src/core/buf.c" "$top/src/core/err.c" \
	-o "$out/fuzz_csv"

# Seeds: the csv-spectrum corpus and a few hand-made inputs, each behind a
# selector byte (0 = auto, 1 = utf-8, 2 = gb18030; +4 = tight limits).
spectrum=${LK_NODE_MODULES:-$top/node_modules}/csv-spectrum/csvs
if [ -d "$spectrum" ]; then
	for f in "$spectrum"/*.csv; do
		b=$(basename "$f" .csv)
		{ printf '\000'; cat "$f"; } >"$out/corpus_csv/$b"
	done
fi
printf '\001a,"b""c",\r\n"x\ny",z\rlast' >"$out/corpus_csv/hand1"
printf '\002\273\247\261\340\272\305,\325\305\310\375\n' \
	>"$out/corpus_csv/hand_gb"
printf '\004\357\273\277a,b,c,d,e,f,g,h,i\n' >"$out/corpus_csv/hand_lim"

exec "$out/fuzz_csv" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$out/" "$@" "$out/corpus_csv"
