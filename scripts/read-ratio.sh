#!/usr/bin/env bash
# `check --format json` against just reading the same files (issue 12's
# measure), taken side by side: N rounds, each reading the batch with
# `find … -exec cat` and then running every binary given; prints the medians
# and each binary's ratio to the read. Alternating keeps a machine whose
# speed drifts (a shared VM) from favouring one side.
#
#   scripts/read-ratio.sh 10 /tmp/bench10k/scale-10k target/release/nianbao [OTHER_BIN...]
set -euo pipefail
n=$1 dir=$2
shift 2
declare -A times
for _ in $(seq "$n"); do
    t=$( { /usr/bin/time -f "%e" sh -c "find '$dir' -type f -exec cat {} + >/dev/null"; } 2>&1 | tail -1)
    times[read]="${times[read]:-} $t"
    for bin in "$@"; do
        t=$( { /usr/bin/time -f "%e" "$bin" check --format json "$dir" >/dev/null; } 2>&1 | tail -1)
        times[$bin]="${times[$bin]:-} $t"
    done
done
median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
read_median=$(median "${times[read]}")
echo "read: median ${read_median} s (${times[read]# })"
for bin in "$@"; do
    m=$(median "${times[$bin]}")
    echo "$bin: median $m s, $(awk -v a="$m" -v b="$read_median" 'BEGIN {printf "%.2f", a / b}')× the read (${times[$bin]# })"
done
