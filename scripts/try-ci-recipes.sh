#!/usr/bin/env bash
# Runs the commands of the README's CI recipes (GitHub Actions, GitLab CI, the
# pre-commit hook) in a scratch git repository holding the examples, so the recipes
# are tried as written, short of the hosted runners. Usage: scripts/try-ci-recipes.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
export PATH="$root/target/release:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q . && git config user.email ci@example.com && git config user.name ci
mkdir maps && cp "$root"/examples/*.yaml maps/

echo "== GitHub Actions: check with annotations, then build the site"
journeymap check --format github --deny-warnings maps/
journeymap build maps/ -o site/ --format html,svg,png >/dev/null
test -f site/index.html && test -f site/retail-laptop.png
echo "ok: site/ has $(ls site | wc -l) files"

echo "== GitLab CI: JSON report, then the pages job"
journeymap check --format json maps/ > maps-report.json || (journeymap check maps/; exit 1)
journeymap build maps/ -o public/ --format html,svg,png >/dev/null
test -f public/index.html
echo "ok: report has $(wc -l < maps-report.json) findings, public/ built"

echo "== pre-commit hook: a good commit passes, a broken one is stopped"
cat > .git/hooks/pre-commit <<'HOOK'
#!/bin/sh
# Check the maps staged in this commit; stop the commit if any has errors.
files=$(git diff --cached --name-only --diff-filter=ACMR -- '*.yaml' '*.yml')
[ -z "$files" ] || exec journeymap check $files
HOOK
chmod +x .git/hooks/pre-commit
git add maps && git commit -qm "maps" && echo "ok: good maps committed"
sed -i 's/stage: awareness/stage: awarenes/' maps/retail-laptop.yaml
git add maps
if git commit -qm "broken" 2>/dev/null; then echo "FAIL: the hook let a broken map through"; exit 1; fi
echo "ok: the hook stopped the broken map"
echo "== annotations for the broken map"
journeymap check --format github maps/retail-laptop.yaml | head -3 || true
