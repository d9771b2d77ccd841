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

cd "$root"
dotnet build nanophone.slnx -c Debug --nologo -v quiet -clp:ErrorsOnly
dotnet test nanophone.slnx -c Debug --no-build --nologo "$@"
