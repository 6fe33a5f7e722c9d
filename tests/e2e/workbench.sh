#!/usr/bin/env bash
# End to end in tmux, against the real binary:
#   1. open a batch, find the report with the N01 finding, jump to it, and
#      see its source line highlighted (issue: the workbench);
#   2. annotate the finding, confirm it, approve the report, quit; check the
#      state file; reopen and see the verdict and the note; export CSV
#      (issue: review);
#   3. with USER and LOGNAME unset (and no git repository), a decision is
#      signed with the OS account name, and the first save says so
#      (issue: team review).
# Uses ../shared/seeds (保定市商务局 2024) when present, else the bundled
# samples (云溪街道办事处 2021). Skips with a note when tmux is missing.
set -euo pipefail

if ! command -v tmux >/dev/null 2>&1; then
    echo "note: tmux not installed; skipping the workbench end-to-end test"
    exit 0
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${NIANBAO_BIN:-$ROOT/target/debug/nianbao}
WORK=$(mktemp -d)
S="nianbao-e2e-$$"
cleanup() {
    tmux kill-session -t "$S" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/batch" "$WORK/config"
if [ -d "$ROOT/../shared/seeds" ]; then
    cp "$ROOT"/../shared/seeds/*.txt "$WORK/batch/"
    FILTER="保定市商务局 year:2024"
    REPORT="003_721dda88c354f693.txt"
    PHRASE="未发生依申请公开事项"
else
    echo "note: ../shared/seeds not found; using samples/"
    cp "$ROOT"/samples/*.* "$WORK/batch/"
    FILTER="云溪 year:2021"
    REPORT="云溪街道办事处-2021.txt"
    PHRASE="未收到政府信息公开申请"
fi
chmod -R u+w "$WORK/batch"

# The program's exit status goes to $WORK/exit.N: a panic on q must fail
# the test even after the state file is written.
RUN=0
start() {
    RUN=$((RUN + 1))
    tmux -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
        "env NIANBAO_CONFIG_DIR=$WORK/config USER=e2e-reviewer LANG=C.UTF-8 $BIN $WORK/batch; echo \$? > $WORK/exit.$RUN"
}
screen() { tmux capture-pane -t "$S" -p; }
# wait_for REGEX: poll (up to ~10 s) until an extended regex matches the screen.
wait_for() {
    for _ in $(seq 1 100); do
        if screen | grep -Eq -- "$1"; then return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for: $1"
    screen
    exit 1
}
# Loading has ended: the header counts the reviewed ones and no longer says
# it is loading.
wait_loaded() {
    for _ in $(seq 1 100); do
        s=$(screen)
        if grep -q "已审 $1/" <<<"$s" && ! grep -qE '加载中|loading' <<<"$s"; then return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for the batch to load"
    screen
    exit 1
}
# The session ends, and the program exited 0.
wait_gone() {
    for _ in $(seq 1 50); do
        if ! tmux has-session -t "$S" 2>/dev/null; then break; fi
        sleep 0.1
    done
    if tmux has-session -t "$S" 2>/dev/null; then
        echo "the workbench did not quit"
        exit 1
    fi
    code=$(cat "$WORK/exit.$RUN" 2>/dev/null || echo missing)
    if [ "$code" != 0 ]; then
        echo "nianbao exited with $code"
        exit 1
    fi
}
keys() { tmux send-keys -t "$S" "$@"; }
text() { tmux send-keys -t "$S" -l "$1"; }

# 1. Find the report and its N01 finding.
start
wait_loaded 0
keys /
text "$FILTER"
keys Enter
# The header names the applied filter (its start: a long batch path can
# push the rest past the edge).
wait_for "筛选「${FILTER%% *}"
keys Enter
# The report view's header names the report's file.
wait_for "$REPORT  \\["
# Tab Tab moves the focus to the table pane; then ] jumps to the first
# finding (N01), whose quoted phrase the source pane draws reversed. The
# phrase must not be highlighted before ], so that the jump is what shows it.
highlighted() {
    tmux capture-pane -t "$S" -p -e > "$WORK/screen.ansi"
    python3 - "$WORK/screen.ansi" "$PHRASE" <<'PY'
import re, sys
data = open(sys.argv[1], encoding="utf-8", errors="replace").read()
phrase = sys.argv[2]
# Collect the characters drawn in reverse video, across wrapped rows.
reversed_text, on = [], False
for tok in re.split(r"(\x1b\[[0-9;]*m)", data):
    if tok.startswith("\x1b["):
        params = tok[2:-1].split(";") if tok[2:-1] else ["0"]
        for p in params:
            if p == "7":
                on = True
            elif p in ("0", "27", ""):
                on = False
    elif on:
        reversed_text.append(tok)
got = re.sub(r"[\s│]", "", "".join(reversed_text))
sys.exit(0 if phrase in got else 1)
PY
}
keys Tab
keys Tab
sleep 0.3
if highlighted; then
    echo "the N01 phrase is highlighted before ]; the jump would prove nothing"
    screen
    exit 1
fi
keys "]"
ok=no
for _ in $(seq 1 50); do
    if highlighted; then ok=yes; break; fi
    sleep 0.1
done
if [ "$ok" != yes ]; then
    echo "the N01 phrase is not highlighted after ]"
    screen
    exit 1
fi
echo "ok: ] jumps to N01 and highlights its line"

# 2. Annotate the finding, confirm it, approve, quit.
keys a
text "正文与表三不一致"
keys C-s
wait_for "已保存批注"
keys c
wait_for "已确认问题"
keys A
wait_for "已批准"
keys q
wait_gone

STATE="$WORK/batch/.nianbao/review/$REPORT.toml"
test -f "$STATE" || { echo "no state file at $STATE"; exit 1; }
grep -q '正文与表三不一致' "$STATE" || { echo "note missing"; cat "$STATE"; exit 1; }
grep -q 'decision = "confirmed"' "$STATE" || { echo "decision missing"; cat "$STATE"; exit 1; }
grep -q 'status = "approved"' "$STATE" || { echo "verdict missing"; cat "$STATE"; exit 1; }
grep -q 'reviewer = "e2e-reviewer"' "$STATE" || { echo "reviewer missing"; cat "$STATE"; exit 1; }
grep -Eq 'time = "20[0-9]{2}-[0-9]{2}-[0-9]{2}T' "$STATE" || { echo "time missing"; cat "$STATE"; exit 1; }
echo "ok: state file holds the note, the decision and the verdict"

# Reopen: the queue shows the verdict, the reviewer and the note.
start
wait_loaded 1
# The status column says 通过 exactly (not 不通过).
wait_for "^[▶ ] 通过 "
screen | grep -q "e2e-reviewer ✎1" || { echo "reviewer and note count not shown"; screen; exit 1; }
keys q
wait_gone
echo "ok: reopening shows them"

# Export lists the verdict and the note count.
"$BIN" export --format csv "$WORK/batch" > "$WORK/export.csv"
grep -q "^$REPORT,.*,approved,e2e-reviewer,.*,1,$" "$WORK/export.csv" || { echo "export row:"; grep "$REPORT" "$WORK/export.csv"; exit 1; }
echo "ok: export lists the verdict and the note count"

# 3. Without USER and LOGNAME, a decision is signed with the OS account name.
ACCOUNT=$(id -un)
tmux -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
    "env -u USER -u LOGNAME -u USERNAME NIANBAO_CONFIG_DIR=$WORK/config LANG=C.UTF-8 $BIN $WORK/batch"
wait_for "已审 1/"
keys /
text "$FILTER"
keys Enter
wait_for "筛选"
keys Enter
wait_for "N01"
keys Tab
keys Tab
keys "]"
wait_for "N01"
keys c
wait_for "以 $ACCOUNT 身份审阅"
keys q
wait_gone
grep -q "reviewer = \"$ACCOUNT\"" "$STATE" || { echo "not signed by $ACCOUNT"; cat "$STATE"; exit 1; }
echo "ok: without USER and LOGNAME the decision is signed $ACCOUNT"
