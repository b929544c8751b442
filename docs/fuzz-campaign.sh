#!/usr/bin/env bash
# Runs a short Jazzer campaign (each target's @FuzzTest maxDuration, 60 s) for every fuzz target, one after the
# other, and prints libFuzzer's final line per target. New corpus entries land in <module>/.cifuzz-corpus/ (not
# committed; copy the interesting ones into src/test/resources/.../<Class>Inputs/<method>/), findings in the
# Inputs directory itself, where `mvn verify` replays them as regression tests.
# Usage: docs/fuzz-campaign.sh [target ...]   e.g. core:CoreFuzzTest#elfCore
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(core:CoreFuzzTest#elfCore core:CoreFuzzTest#rspPackets
             arch-x86:X86FormatFuzzTest#fxsave arch-x86:X86FormatFuzzTest#xsaveWithLayoutNote
             arch-x86:X86FormatFuzzTest#xsaveWithoutLayoutNote
             arch-powerpc:PpcFormatFuzzTest#fpregs arch-powerpc:PpcFormatFuzzTest#vmx arch-powerpc:PpcFormatFuzzTest#vsx)
fi
mkdir -p target/fuzz
for t in "${targets[@]}"; do
    module=${t%%:*}
    test=${t#*:}
    log=target/fuzz/${test//#/-}.log
    JAZZER_FUZZ=1 mvn -B -o test -pl "$module" -am -Dtest="$test" -Djazzer.hooks=true -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 \
        && status=ok || status=FAILED
    echo "$t: $status: $(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1) $(grep -a -E '^Done ' "$log" | tail -1)"
done
