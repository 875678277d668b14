#!/bin/sh
# run.sh LIKA - runs every benchmark of bench/ with the given binary.
set -eu
lika=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
for b in "$here"/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	echo "== $(basename "$b" .sh)"
	sh "$b" "$lika"
done
