#!/usr/bin/env bash
# kill -9 of a large import at a random moment leaves the previous ledger
# intact and usable, and a second full import then succeeds.
#
# The moment is printed; rerun with LK_KILL_MS=<milliseconds> to repeat it.
# LK_KILL_HOUSEHOLDS sets the size (default 20000 households, 80000
# members: the full import takes 10-20 s in the sanitizer build, so the
# kill always falls in the middle of it).
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

D=$E2E_DATA
DB=$T/x.db
N=${LK_KILL_HOUSEHOLDS:-20000}
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
cd "$T"

# The previous ledger: the fixture.
lk_new_ledger "$DB"
lk import "$D/households.csv" "$D/members.csv" "$D/incomes.csv"
check_rc 0 "import of the fixture"
lk household list
cp "$OUT_FILE" list.before
lk audit log
cp "$OUT_FILE" audit.before
lk export --out before
check_rc 0 "export of the previous ledger"

# A large import: N households of 4 members each, in both villages.
python3 - "$N" <<'PY'
import datetime, sys
n = int(sys.argv[1])
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def idn(s):
    return s + "10X98765432"[sum(int(c) * w for c, w in zip(s, W)) % 11]
base = datetime.date(1950, 1, 1)
rel = ["户主", "配偶", "之子", "之女"]
k = 0
with open("big_h.csv", "w", encoding="utf-8") as h, \
     open("big_m.csv", "w", encoding="utf-8") as m:
    h.write("household_no,village_code,group,head_name,head_id,status,phone\n")
    m.write("household_no,name,id_number,relation\n")
    for i in range(n):
        vil = "532923101202" if i % 2 == 0 else "532923101203"
        no = "%s%06d" % (vil, 500000 + i)
        ids = []
        for j in range(4):
            day = base + datetime.timedelta(days=k // 400)
            seq = (k % 400) * 2 + (1 if j in (0, 2) else 0)  # odd = male
            ids.append(idn("532923%s%03d" % (day.strftime("%Y%m%d"), seq)))
            k += 1
        h.write("%s,%s,%s组,户主%d,%s,一般农户,139%08d\n"
                % (no, vil, "一二三"[i % 3], i, ids[0], i))
        for j in range(4):
            m.write("%s,成员%d_%d,%s,%s\n" % (no, i, j, ids[j], rel[j]))
PY
check_eq $((N + 1)) "$(wc -l <big_h.csv)" "generated $N households"
check_eq $((4 * N + 1)) "$(wc -l <big_m.csv)" "generated $((4 * N)) members"

# Start the import, kill it at a random moment (50-500 ms).
MS=${LK_KILL_MS:-$((50 + RANDOM % 451))}
echo "killing the import after $MS ms (LK_KILL_MS=$MS to repeat)"
"$LIKA" --db "$DB" import big_h.csv big_m.csv >import.out 2>import.err &
PID=$!
sleep "$(printf '%d.%03d' $((MS / 1000)) $((MS % 1000)))"
if kill -0 "$PID" 2>/dev/null; then
	kill -9 "$PID"
	pass
else
	fail "the import is still running after $MS ms" "running" "finished: $(cat import.out import.err)"
fi
set +e
wait "$PID" 2>/dev/null
KRC=$?
set -e
check_eq 137 "$KRC" "the import died of SIGKILL"
check_eq "" "$(cat import.out)" "the killed import printed no result"

# The previous ledger, intact and usable.
check_eq ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "sqlite integrity_check after the kill"
lk household list
check_rc 0 "household list after the kill"
check_same list.before "$OUT_FILE" "household list gives the previous content"
lk audit verify
check_rc 0 "audit verify after the kill"
check_out 'audit log intact' "the audit log is intact"
lk audit log
check_same audit.before "$OUT_FILE" "the audit log is the previous one"
lk export --out after
for f in households members incomes; do
	check_same before/$f.csv after/$f.csv "the previous $f are all there"
done
lk household show 5329231012500000
check_rc 3 "nothing of the killed import is in the ledger"
lk household edit 5329231012020001 --set house_grade=A
check_rc 0 "the ledger takes writes after the kill"

# A second full import succeeds.
lk import big_h.csv big_m.csv
check_rc 0 "the full import after the kill"
check_out "households $N \\($N new, 0 updated, 0 unchanged\\), members $((4 * N)) \\($((4 * N)) new" \
	"the full import creates everything"
lk household search 成员$((N - 1))_3
check_out "^5329231012(02|03)$((500000 + N - 1)) " "the last member of the import is found"
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }
lkj household list --region 532923101202 --limit 100000
check_json_eq 'd["count"]' $((N / 2 + N % 2 + 3)) "the village has the imported and the previous households"
lk audit verify
check_rc 0 "audit verify after the full import"
lk household show 5329231012020001
check_out 'housing safety grade +A' "the write made after the kill is kept"

finish
