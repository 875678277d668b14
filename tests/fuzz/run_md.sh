#!/bin/sh
# run_md.sh - builds the markdown fuzz target (fuzz_md.c) with clang's
# libFuzzer (plus ASan and UBSan) and runs it.  Not part of the default
# build.
#
#   tests/fuzz/run_md.sh [seconds] [extra libFuzzer flags...]
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
	echo "run_md.sh: $cc not found, skipping the fuzz run" >&2
	exit 0
fi

mkdir -p "$out/corpus_md"
"$cc" -std=c17 -D_POSIX_C_SOURCE=200809L -DLK_FUZZ_I18N_STUB \
	-DLK_VERSION='"fuzz"' $(pkg-config --cflags libzip) \
	-g -O1 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$top/src" \
	"$top/tests/fuzz/fuzz_md.c" "$top/src/report/doc_md.c" \
	"$top/src/report/doc_html.c" "$top/src/report/doc_docx.c" \
	"$top/src/core/buf.c" "$top/src/core/err.c" "$top/src/core/arena.c" \
	$(pkg-config --libs libzip) -o "$out/fuzz_md"

# Seeds: each construct of the subset behind the four selector bytes.
seed='# T\n\n## A *b* **c** [d](drill:e) [f](http://g)\n\n- x\n- y\n\n3. z\n\n| a | b |\n|:--|--:|\n| 1 | \\| |\n\n\\newpage\n中文\n行\n'
for s in 0 1 2 3; do
	printf "\\00$s$seed" >"$out/corpus_md/seed$s"
done
printf '\003a*b**c[d](e)|#_`<>\\' >"$out/corpus_md/esc"

exec "$out/fuzz_md" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-max_len=4096 -artifact_prefix="$out/" "$@" "$out/corpus_md"
