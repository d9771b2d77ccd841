#!/usr/bin/env bash
# Reads `dotnet test --logger "console;verbosity=normal"` output on stdin and shows it as it comes,
# less the result lines of tests that passed in under a second: every test that took a second or
# more (the interop and demo tests against real peers, the flash.ps1 runs, the simulator's
# processes...) gets its line as it ends, so a long run is never silent; failed and skipped tests
# and everything else (build errors, xUnit's start and finish lines, the summaries) pass through.
# At the end one line over all test assemblies: "tests: N passed, N failed".
set -uo pipefail
passed=0
failed=0
while IFS= read -r line; do
    case "$line" in
        "  Passed "*" ms]") ;;
        *) printf '%s\n' "$line" ;;
    esac
    # A test assembly's summary: "     Passed: 12" / "     Failed: 1" (normal verbosity), or
    # "Passed!  - Failed:     0, Passed:    12, ..." (minimal verbosity, should the caller ask for it).
    if [[ "$line" =~ ^\ +Passed:\ +([0-9]+)\ *$ ]]; then
        passed=$((passed + BASH_REMATCH[1]))
    elif [[ "$line" =~ ^\ +Failed:\ +([0-9]+)\ *$ ]]; then
        failed=$((failed + BASH_REMATCH[1]))
    elif [[ "$line" =~ ^(Passed|Failed)!\ +-\ +Failed:\ +([0-9]+),\ +Passed:\ +([0-9]+) ]]; then
        failed=$((failed + BASH_REMATCH[2]))
        passed=$((passed + BASH_REMATCH[3]))
    fi
done
printf 'tests: %d passed, %d failed\n' "$passed" "$failed"
