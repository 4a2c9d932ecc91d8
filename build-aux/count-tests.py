#!/usr/bin/python3
"""Counts test cases in meson's testlog.json and prints "N passed, N failed".

GLib tests run with TAP, so each test case counts on its own; other tests count once.
A test program that fails outside its TAP cases (a crash, a timeout) counts as one more
failure. Exits 1 if anything failed or nothing ran.
"""
import json
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b(.*)$")


def main(path):
    passed = failed = skipped = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            entry = json.loads(line)
            result = entry.get("result", "")
            cases_ok = cases_failed = cases_skipped = 0
            for out in (entry.get("stdout") or "").splitlines():
                match = TAP_LINE.match(out.strip())
                if not match:
                    continue
                if "# SKIP" in match.group(2):
                    cases_skipped += 1
                elif match.group(1) == "ok":
                    cases_ok += 1
                else:
                    cases_failed += 1
            if cases_ok + cases_failed + cases_skipped == 0:
                if result == "OK":
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
                    print(f"FAILED: {entry.get('name')} ({result})")
                continue
            passed += cases_ok
            skipped += cases_skipped
            failed += cases_failed
            if result not in ("OK", "SKIP") and cases_failed == 0:
                failed += 1
                print(f"FAILED: {entry.get('name')} ({result})")
            elif cases_failed:
                print(f"FAILED: {entry.get('name')} ({cases_failed} cases)")
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
