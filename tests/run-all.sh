#!/usr/bin/env bash
# Runs every test of NanoPhone on a fresh Debian machine with the .NET SDK: installs what the tests
# need (Debian packages for the real SIP peers), builds both builds (desktop and the
# nanoFramework gate) and runs all test projects. Exit status is the tests' verdict.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ -x "$root/tests/peers/install.sh" ]]; then
    "$root/tests/peers/install.sh"
fi

# PowerShell 7 for tests/Flash.Tests (they run flash.ps1): a dotnet tool in the git-ignored
# .tools/pwsh, installed once; later runs find it and skip this.
pwsh_version=7.6.9
if [[ ! -x "$root/.tools/pwsh/pwsh" ]]; then
    echo "run-all: installing PowerShell $pwsh_version into .tools/pwsh" >&2
    dotnet tool install --tool-path "$root/.tools/pwsh" PowerShell --version "$pwsh_version" >/dev/null
fi

cd "$root"
echo "run-all: building nanophone.slnx (desktop build and nanoFramework gate)" >&2
dotnet build nanophone.slnx -c Debug --nologo -v quiet -clp:ErrorsOnly
# Progress as it comes: each test that took a second or more gets its result line when it ends (the
# interop and demo tests take minutes in all), quicker passes only count; failures in full; then one
# closing line over every test assembly: "tests: N passed, N failed" (tests/test-progress.sh).
echo "run-all: running the tests (a line for each test that takes a second or more)" >&2
status=0
dotnet test nanophone.slnx -c Debug --no-build --nologo --logger "console;verbosity=normal" "$@" 2>&1 \
    | "$root/tests/test-progress.sh" || status=$?
exit "$status"
