#!/usr/bin/env python3
"""Compare `check --format json` of two binaries (parsed JSON equality), and
check that `--format jsonl` of the second carries the same content.

    python3 scripts/compare_json.py OLD_BIN NEW_BIN DIR...

Differences are listed; X07 findings that name a different source are told
apart from other differences. Exit status 1 when anything else differs.
"""
import json
import subprocess
import sys


def run(binary, fmt, d):
    p = subprocess.run([binary, "check", "--format", fmt, d], capture_output=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{binary} failed on {d}: {p.stderr.decode()}")
    return p.stdout


def from_jsonl(data):
    lines = [json.loads(l) for l in data.splitlines()]
    assert lines[0]["type"] == "begin", lines[0]
    assert lines[-1]["type"] == "end", lines[-1]
    doc = {"version": lines[0]["data"]["version"], "reports": [], "pairs": []}
    by_path = {}
    n = {"report": 0, "finding": 0, "pair": 0}
    for l in lines[1:-1]:
        t, d = l["type"], l["data"]
        n[t] += 1
        if t == "report":
            doc["reports"].append(d)
            by_path.setdefault(d["path"], d)
        elif t == "finding":
            by_path[d["path"]]["findings"].append(d["finding"])
        elif t == "pair":
            doc["pairs"].append(d)
        else:
            raise ValueError(t)
    end = lines[-1]["data"]
    assert (end["reports"], end["findings"], end["pairs"]) == (n["report"], n["finding"], n["pair"]), end
    return doc


def x07_source_only(a, b):
    """Do two findings differ only in the source an X07 names?"""
    if a.get("rule") != "X07" or b.get("rule") != "X07":
        return False
    strip = lambda f: {k: v for k, v in f.items() if k != "message"}
    return strip(a) == strip(b) and a["message"].split("」")[0] == b["message"].split("」")[0]


def main():
    old, new, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
    bad = 0
    for d in dirs:
        a = json.loads(run(old, "json", d))
        b = json.loads(run(new, "json", d))
        c = from_jsonl(run(new, "jsonl", d))
        if b != c:
            print(f"{d}: jsonl differs from json")
            bad += 1
        if a == b:
            print(f"{d}: identical ({len(a['reports'])} reports, {len(a['pairs'])} pairs)")
            continue
        if a["pairs"] != b["pairs"] or len(a["reports"]) != len(b["reports"]):
            print(f"{d}: pairs or report count differ")
            bad += 1
            continue
        other = 0
        for ra, rb in zip(a["reports"], b["reports"]):
            fa, fb = ra.pop("findings"), rb.pop("findings")
            if ra != rb:
                print(f"{d}: {ra['path']} differs outside findings")
                bad += 1
            if len(fa) != len(fb) or any(
                x != y and not x07_source_only(x, y) for x, y in zip(fa, fb)
            ):
                print(f"{d}: {ra['path']} findings differ:\n  old {fa}\n  new {fb}")
                bad += 1
            other += sum(x != y for x, y in zip(fa, fb))
        print(f"{d}: same except {other} X07 findings naming another source")
    sys.exit(1 if bad else 0)


main()
