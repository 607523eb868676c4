#!/usr/bin/env bash
# Whole-process benchmarks: `journeymap check` and `journeymap build` as users run
# them, timed with hyperfine, peak memory with GNU time, and `serve`'s start-up and
# rebuild latency. Prints Markdown tables (docs/performance.md has the figures).
#
#   scripts/bench.sh              # everything, about 3 minutes on 2 cores
#   RUNS=5 scripts/bench.sh       # fewer runs per case (default 10)
#   SKIP_SERVE=1 scripts/bench.sh
#   SITE_ONLY=1 scripts/bench.sh  # only the site of 1,000 maps
#
# Needs: cargo, hyperfine, GNU time (/usr/bin/time; `apt-get install time`),
# python3 (to read hyperfine's JSON), curl (serve only).
# The machine should be quiet: the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
for tool in hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "bench.sh needs $tool" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench.sh needs GNU time: apt-get install time" >&2; exit 2; }

cargo build --release --quiet
BIN=$PWD/target/release/journeymap
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jm-bench.XXXXXX")
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Inputs, generated before anything is timed.
cp examples/retail-laptop.yaml "$WORK/typical.yaml"
for n in 10 100 1000 10000; do
    "$BIN" generate --touchpoints "$n" --personas 3 --seed 1 -o "$WORK/t$n.yaml"
done
# The same 1,000-touchpoint map with a service blueprint of six lanes.
"$BIN" generate --touchpoints 1000 --personas 3 --seed 1 --blueprint -o "$WORK/b1000.yaml"
"$BIN" generate --folder "$WORK/folder" --count 500 --touchpoints 15 --personas 3 --seed 1
"$BIN" generate --folder "$WORK/folder1000" --count 1000 --touchpoints 15 --personas 3 --seed 1
# A data-backed map whose survey export has 1,000,000 rows (about 50 MB), as in
# benches/pipeline.rs::check_million_row_survey.
mkdir -p "$WORK/survey"
python3 - "$WORK/survey" <<'PY'
import sys
folder = sys.argv[1]
steps = ["search", "compare", "basket", "pay", "confirm"]
with open(f"{folder}/survey.csv", "w") as out:
    out.write("response_id,submitted_at,step,segment,q3_how_easy,channel\n")
    out.writelines(
        f"{100000 + i},2026-09-{1 + i % 28:02}T10:31:00Z,{steps[i % 5]},{'maya' if i % 2 == 0 else 'tom'},{1 + (i * 3) % 7},web-shop\n"
        for i in range(1_000_000)
    )
with open(f"{folder}/map.yaml", "w") as out:
    out.write("title: Bench\npersonas: { maya: { name: Maya }, tom: { name: Tom } }\n")
    out.write("data:\n  survey: { file: survey.csv, touchpoint: step, persona: segment, score: q3_how_easy, scale: 1..7, date: submitted_at }\n")
    out.write("touchpoints:\n")
    for step in steps:
        out.write(f"  - {{ id: {step}, stage: decision, name: {step}, emotion: survey }}\n")
PY

echo "## journeymap whole-process benchmarks"
echo
echo "- commit: $(git describe --always --dirty 2>/dev/null || echo unknown)"
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB"
echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- hyperfine: at least $RUNS runs per case after 3 warm-up runs; best is the fastest run"
echo

# case name | touchpoints | path to check and build
CASES=(
    "typical (examples/retail-laptop.yaml)|20|$WORK/typical.yaml"
    "generated|10|$WORK/t10.yaml"
    "generated|100|$WORK/t100.yaml"
    "generated|1000|$WORK/t1000.yaml"
    "generated|10000|$WORK/t10000.yaml"
    "generated, six blueprint lanes|1000|$WORK/b1000.yaml"
    "folder of 500 maps|500 × 15|$WORK/folder"
    "data-backed, 1,000,000-row survey (50 MB)|5|$WORK/survey/map.yaml"
)

# Peak resident memory in MB of a command, the largest of three runs.
peak_mb() {
    local most=0 kb
    for _ in 1 2 3; do
        /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>&1 || true
        kb=$(tail -1 "$WORK/rss")
        if [ "$kb" -gt "$most" ]; then most=$kb; fi
    done
    awk -v kb="$most" 'BEGIN { printf "%.1f", kb / 1024 }'
}

if [ -z "${SITE_ONLY:-}" ]; then
: > "$WORK/rows"
index=0
for entry in "${CASES[@]}"; do
    IFS='|' read -r name size path <<<"$entry"
    index=$((index + 1))
    out="$WORK/out$index"
    hyperfine --shell=none --warmup 3 --min-runs "$RUNS" --style none \
        --export-json "$WORK/h$index.json" \
        "$BIN check $path" \
        "$BIN build $path -o $out" >/dev/null
    check_mb=$(peak_mb "$BIN" check "$path")
    build_mb=$(peak_mb "$BIN" build "$path" -o "$out")
    echo "$name|$size|$WORK/h$index.json|$check_mb|$build_mb" >>"$WORK/rows"
done

python3 - "$WORK/rows" <<'EOF'
import json, sys

def ms(seconds):
    v = seconds * 1000
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"

rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
print("| Map | Touchpoints | `check` best | `check` mean ± σ | `build` best | `build` mean ± σ | build ÷ check | peak MB check | peak MB build |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
best = {}
for name, size, path, check_mb, build_mb in rows:
    check, build = json.load(open(path))["results"]
    best[(name, size)] = (check["min"], build["min"])
    print(
        f"| {name} | {size} | {ms(check['min'])} ms | {ms(check['mean'])} ± {ms(check['stddev'])} ms"
        f" | {ms(build['min'])} ms | {ms(build['mean'])} ± {ms(build['stddev'])} ms"
        f" | {build['min'] / check['min']:.1f}× | {check_mb} | {build_mb} |"
    )
print()
print("How time grows with size (best `build` times, 3 personas):")
print()
sizes = ["10", "100", "1000", "10000"]
for a, b in zip(sizes, sizes[1:]):
    ta, tb = best[("generated", a)][1], best[("generated", b)][1]
    cb = best[("generated", b)][0] / best[("generated", a)][0]
    print(f"- {a} → {b} touchpoints: build ×{tb / ta:.1f}, check ×{cb:.1f}")
EOF

fi

# A site of 1,000 maps: built into an empty folder (every file new), then again
# over itself with nothing changed (every output already as wanted, so nothing is
# written and no modification time moves).
echo
echo "### A site of 1,000 maps (15 touchpoints, 3 personas each; HTML, SVG and the index)"
echo
hyperfine --shell=none --warmup 1 --min-runs "$RUNS" --style none \
    --prepare "rm -rf $WORK/site1000" \
    --export-json "$WORK/site-fresh.json" \
    "$BIN build $WORK/folder1000 -o $WORK/site1000" >/dev/null
"$BIN" build "$WORK/folder1000" -o "$WORK/site1000" >/dev/null 2>&1
hyperfine --shell=none --warmup 1 --min-runs "$RUNS" --style none \
    --export-json "$WORK/site-unchanged.json" \
    "$BIN build $WORK/folder1000 -o $WORK/site1000" >/dev/null
site_mb=$(peak_mb "$BIN" build "$WORK/folder1000" -o "$WORK/site1000")
index_kb=$(( $(wc -c <"$WORK/site1000/index.html") / 1024 ))
python3 - "$WORK/site-fresh.json" "$WORK/site-unchanged.json" "$site_mb" "$index_kb" <<'EOF'
import json, sys
print("| Build | best | mean ± σ | peak MB | index.html |")
print("|---|---:|---:|---:|---:|")
for label, path in (("into an empty folder", sys.argv[1]), ("again, nothing changed", sys.argv[2])):
    r = json.load(open(path))["results"][0]
    print(f"| {label} | {r['min']:.2f} s | {r['mean']:.2f} ± {r['stddev']:.2f} s | {sys.argv[3]} | {sys.argv[4]} KB |")
EOF

if [ -z "${SKIP_SERVE:-}" ] && [ -z "${SITE_ONLY:-}" ] && command -v curl >/dev/null && "$BIN" serve --help >/dev/null 2>&1; then
    echo
    echo "### serve"
    echo
    echo "| Map | Touchpoints | start-up to first page | save to reload signal (best / median of 5) | rebuild (server's own figure, median) |"
    echo "|---|---:|---:|---:|---:|"
    for entry in "typical|20|$WORK/typical.yaml" "generated|1000|$WORK/t1000.yaml"; do
        IFS='|' read -r name size path <<<"$entry"
        cp "$path" "$WORK/served.yaml"
        start=$(date +%s%N)
        "$BIN" serve "$WORK/served.yaml" --port 0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
        SERVER=$!
        url=""
        for _ in $(seq 1 400); do
            url=$(grep -o 'http://[^ ]*' "$WORK/serve.out" || true)
            [ -n "$url" ] && break
            sleep 0.01
        done
        [ -n "$url" ] || { echo "serve did not start" >&2; break; }
        curl -sf --max-time 10 "${url}served.html" -o /dev/null
        startup=$(( ($(date +%s%N) - start) / 1000000 ))
        latencies=()
        for i in 1 2 3 4 5; do
            generation=$(curl -sf --max-time 10 "${url}__journeymap/wait?since=0&page=/served.html")
            sleep 0.2
            t0=$(date +%s%N)
            echo "# edit $i" >>"$WORK/served.yaml"
            curl -sf --max-time 10 "${url}__journeymap/wait?since=$generation&page=/served.html" -o /dev/null
            latencies+=($(( ($(date +%s%N) - t0) / 1000000 )))
        done
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
        SERVER=""
        sorted=$(printf '%s\n' "${latencies[@]}" | sort -n)
        rebuilt=$(grep -o 'rebuilt in [0-9]*' "$WORK/serve.err" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        echo "| $name | $size | $startup ms | $(echo "$sorted" | head -1) / $(echo "$sorted" | sed -n 3p) ms | ${rebuilt:-?} ms |"
    done
    echo
    echo "Save-to-signal includes the watcher's 25 ms polling interval and 5 ms settle time."
fi

echo
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
