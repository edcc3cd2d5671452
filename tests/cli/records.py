#!/usr/bin/env python3
"""Summaries of wadecode's JSONL records for CLI cases, one line per record.

  records.py summary FILE      index, direction, tag and kind, or the error's stage and message
  records.py same A B          whether two record streams are equal apart from their times
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def summary(records):
    for r in records:
        if "error" in r:
            e = r["error"]
            print(f'{r["i"]} {r["dir"]} error {e["stage"]}: {e["message"]}')
        else:
            print(f'{r["i"]} {r["dir"]} {r.get("tag", "-")} {r["kind"]}')


def same(a, b):
    strip = lambda rs: [{k: v for k, v in r.items() if k != "t"} for r in rs]
    if strip(a) == strip(b):
        print(f"{len(a)} records, the same apart from their times")
        return 0
    for k, (x, y) in enumerate(zip(strip(a), strip(b))):
        if x != y:
            print(f"record {k} differs:\n  {json.dumps(x)[:300]}\n  {json.dumps(y)[:300]}")
            break
    print(f"{len(a)} and {len(b)} records")
    return 1


if __name__ == "__main__":
    if sys.argv[1] == "summary":
        summary(load(sys.argv[2]))
    elif sys.argv[1] == "same":
        sys.exit(same(load(sys.argv[2]), load(sys.argv[3])))
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
