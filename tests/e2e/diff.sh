#!/usr/bin/env bash
# End to end: the year-over-year diff screen in a real terminal (tmux).
#
# Opens the workbench on samples/ in a detached 100×30 tmux session, filters
# the queue to 青禾县交通运输局 2024, opens it, presses d, and checks the diff
# header, the changed "2024" and the X01 cell, then Esc and q.
#
# Uses $NIANBAO_BIN when set (cargo test sets it), else builds target/debug.
# Skips (exit 0) when tmux is not installed.
set -euo pipefail

if ! command -v tmux >/dev/null 2>&1; then
    echo "diff.sh: skipped: tmux is not installed"
    exit 0
fi

root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${NIANBAO_BIN:-}"
if [ -z "$bin" ]; then
    (cd "$root" && cargo build --quiet)
    bin="$root/target/debug/nianbao"
fi
export TERM="${TERM:-xterm-256color}"
[ "$TERM" = dumb ] && export TERM=xterm-256color

# A private tmux server, and a private config and data home, so neither the
# user's tmux nor their nianbao settings are touched.
sock="nianbao-e2e-$$"
tmp="$(mktemp -d)"
tmx() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    tmx kill-server >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

screen() { tmx capture-pane -p -t e2e 2>/dev/null || true; }

# wait_for DESCRIPTION COMMAND…: poll (up to ~10 s) until COMMAND, fed the
# screen on stdin, succeeds.
wait_for() {
    local what="$1"
    shift
    for _ in $(seq 1 100); do
        if screen | "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    echo "diff.sh: timed out waiting for $what; the screen was:" >&2
    screen >&2
    exit 1
}

loaded() {
    local s
    s="$(cat)"
    grep -qF '青禾县交通运输局' <<<"$s" && ! grep -qE '加载中|loading' <<<"$s"
}

cd "$root"
tmx new-session -d -s e2e -x 100 -y 30 \
    "env HOME='$tmp' XDG_CONFIG_HOME='$tmp/config' XDG_DATA_HOME='$tmp/data' '$bin' --lang zh samples; echo \$? > '$tmp/exit'"

wait_for "the queue to load" loaded

# Filter to the 2024 report and open it.
tmx send-keys -t e2e /
tmx send-keys -t e2e -l '青禾 2024'
tmx send-keys -t e2e Enter
wait_for "the filter" grep -qF '筛选「青禾 2024」'
tmx send-keys -t e2e Enter
wait_for "the report view" grep -qF '青禾县交通运输局-2024.md  ['

# d: the diff against 2023.
tmx send-keys -t e2e d
# It opens on the first change.
wait_for "the diff header" grep -qE '年度对比 · 青禾县交通运输局 2023 → 2024.*第 1/[0-9]+ 处变化'
# The title row: 2023 left with "-", 2024 right with "+".
wait_for "the changed 2024" grep -qE '1- 青禾县交通运输局2023年.*│ +1\+ .*青禾县交通运输局2024年'
# ]c: the next change.
tmx send-keys -t e2e ']' 'c'
wait_for "the change counter" grep -qE '第 2/[0-9]+ 处变化'
# The table view: the carried-over cell that X01 fails, marked.
tmx send-keys -t e2e t
wait_for "the X01 cell" grep -qE '! 二、上年结转政府信息公开申.* 0 → +2 +\+2 +\[X01\]'

# Esc: back to the report view.
tmx send-keys -t e2e Escape
wait_for "the report view again" grep -qF '青禾县交通运输局-2024.md  ['
if screen | grep -qF '年度对比'; then
    echo "diff.sh: Esc did not leave the diff screen" >&2
    exit 1
fi

# q: the workbench exits 0 and the session ends.
tmx send-keys -t e2e q
for _ in $(seq 1 100); do
    if ! tmx has-session -t e2e 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if tmx has-session -t e2e 2>/dev/null; then
    echo "diff.sh: the session did not end after q; the screen was:" >&2
    screen >&2
    exit 1
fi
code="$(cat "$tmp/exit" 2>/dev/null || echo missing)"
if [ "$code" != 0 ]; then
    echo "diff.sh: nianbao exited with $code" >&2
    exit 1
fi
# Two consecutive corpus reports (when ../shared/corpus is present): the
# pair's diff opens from the later report, on text and on tables.
corpus="$root/../shared/corpus"
if [ -f "$corpus/ag02-2022.txt" ] && [ -f "$corpus/ag02-2023.txt" ]; then
    mkdir -p "$tmp/pair"
    cp "$corpus/ag02-2022.txt" "$corpus/ag02-2023.txt" "$tmp/pair/"
    tmx new-session -d -s e2e -x 100 -y 30 \
        "env HOME='$tmp' XDG_CONFIG_HOME='$tmp/config' XDG_DATA_HOME='$tmp/data' '$bin' --lang zh '$tmp/pair'; echo \$? > '$tmp/exit2'"
    pair_loaded() {
        local s
        s="$(cat)"
        grep -qF 'ag02-2023' <<<"$s" && ! grep -qE '加载中|loading' <<<"$s"
    }
    wait_for "the corpus pair to load" pair_loaded
    tmx send-keys -t e2e /
    tmx send-keys -t e2e -l '2023'
    tmx send-keys -t e2e Enter
    wait_for "the filter" grep -qvzF 'ag02-2022'
    tmx send-keys -t e2e d
    wait_for "the corpus diff header" grep -qE '年度对比 · .* 2022 → 2023'
    tmx send-keys -t e2e t
    wait_for "the corpus table delta" grep -qF '表三'
    tmx send-keys -t e2e q
    for _ in $(seq 1 100); do
        tmx has-session -t e2e 2>/dev/null || break
        sleep 0.1
    done
    code="$(cat "$tmp/exit2" 2>/dev/null || echo missing)"
    if [ "$code" != 0 ]; then
        echo "diff.sh: nianbao exited with $code on the corpus pair" >&2
        exit 1
    fi
    echo "diff.sh: corpus pair ag02-2022 → ag02-2023 ok"
else
    echo "diff.sh: note: ../shared/corpus not found; the corpus pair step is skipped"
fi
# A dropped connection: the terminal hangs up under the workbench (the tmux
# server dies). The workbench must exit, not linger or spin.
if command -v pgrep >/dev/null 2>&1; then
mkdir -p "$tmp/hup"
cp "$root"/samples/*.txt "$tmp/hup/"
tmx new-session -d -s hup -x 100 -y 30 "'$bin' '$tmp/hup'"
# The workbench must be running before the hangup, or "gone" proves nothing.
started=no
for _ in $(seq 1 100); do
    if pgrep -f -- "$tmp/hup" >/dev/null 2>&1 && tmx capture-pane -p -t hup 2>/dev/null | grep -qF '共 '; then
        started=yes
        break
    fi
    sleep 0.1
done
if [ "$started" != yes ]; then
    echo "diff.sh: the workbench never started for the hangup step" >&2
    exit 1
fi
tmx kill-server >/dev/null 2>&1 || true
gone=no
for _ in $(seq 1 50); do
    if ! pgrep -f -- "$tmp/hup" >/dev/null 2>&1; then
        gone=yes
        break
    fi
    sleep 0.1
done
if [ "$gone" != yes ]; then
    echo "diff.sh: the workbench outlived its terminal" >&2
    pkill -9 -f -- "$tmp/hup" || true
    exit 1
fi
echo "diff.sh: hangup exits"
else
    echo "diff.sh: note: no pgrep; the hangup step is skipped"
fi
echo "diff.sh: ok"
