#!/usr/bin/env bash
# Proves the README's CI recipes as written, short of the hosted runners: takes the
# GitHub workflow, the GitLab CI file, the pre-commit config and the plain git hook
# out of README.md into a scratch repository that also holds a workflow, mkdocs.yml
# and a node_modules folder, then runs what each recipe runs. Needs git, jq, curl,
# python3 with PyYAML and pre-commit (installed with pip when missing).
# Usage: scripts/try-ci-recipes.sh  (JOURNEYMAP_BIN_DIR=target/debug to use a build
# at hand instead of a release build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin_dir=${JOURNEYMAP_BIN_DIR:-}
if [ -z "$bin_dir" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  bin_dir=$root/target/release
fi
export PATH="$(cd "$bin_dir" && pwd):$PATH"
command -v pre-commit >/dev/null || pip install --quiet pre-commit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The first ```LANG block after the line starting with HEADING in README.md.
recipe() {
  awk -v heading="$1" -v fence="\`\`\`$2" '
    index($0, heading) == 1 { found = 1; next }
    found && !inside && $0 == fence { inside = 1; next }
    inside && $0 == "```" { exit }
    inside { print }' "$root/README.md"
}
yaml_get() { python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }
ok() { echo "ok: $*"; }

mkdir "$work/repo" && cd "$work/repo"
git init -q -b main . && git config user.email ci@example.com && git config user.name ci
mkdir -p maps .github/workflows node_modules/some-package
cp "$root"/examples/*.yaml maps/
recipe "### GitHub Action" yaml > .github/workflows/journeys.yml
recipe "### GitLab CI" yaml > .gitlab-ci.yml
recipe "### pre-commit" yaml > .pre-commit-config.yaml
printf 'site_name: Journeys\nnav:\n  - Home: index.md\ntheme: material\n' > mkdocs.yml
printf 'name: some-package\nversion: [1, 2\n' > node_modules/some-package/config.yaml
for file in .github/workflows/journeys.yml .gitlab-ci.yml .pre-commit-config.yaml; do
  [ -s "$file" ] || { echo "FAIL: no recipe for $file in README.md"; exit 1; }
done
git add -A && git commit -qm "maps and the recipes"
base=$(git hash-object -t tree /dev/null)

echo "== A folder check of the whole repository reads only the maps"
journeymap check --format github --deny-warnings .
ok "the workflow, mkdocs.yml and node_modules did not fail the check"

echo "== GitHub Actions (.github/workflows/journeys.yml)"
workflow=.github/workflows/journeys.yml
[ "$(yaml_get $workflow 'd["jobs"]["pages"]["environment"]["name"]')" = github-pages ] \
  || { echo "FAIL: the Pages job has no environment github-pages"; exit 1; }
yaml_get $workflow '[s["uses"] for s in d["jobs"]["pages"]["steps"]]' | grep -q "actions/deploy-pages" \
  || { echo "FAIL: the Pages job does not deploy"; exit 1; }
ok "the Pages job deploys with environment github-pages"
# Every input the workflow gives the action is one action.yml declares.
for input in $(yaml_get $workflow '" ".join(k for s in d["jobs"]["maps"]["steps"] if "journeymap" in s.get("uses", "") for k in s.get("with", {}))'); do
  yaml_get "$root/action.yml" 'd["inputs"]' | grep -q "'$input'" || { echo "FAIL: action.yml has no input '$input'"; exit 1; }
done
ok "action.yml takes every input the workflow sets"
# What the action runs on a push to main: the review script (check only), then the site.
paths=$(yaml_get $workflow '[s for s in d["jobs"]["maps"]["steps"] if "journeymap" in s.get("uses", "")][0]["with"]["paths"]')
site=$(yaml_get $workflow '[s for s in d["jobs"]["maps"]["steps"] if "journeymap" in s.get("uses", "")][0]["with"]["site"]')
formats=$(yaml_get "$root/action.yml" 'd["inputs"]["site-formats"]["default"]')
JM_PLATFORM=github JM_BASE=$base JM_HEAD=$(git rev-parse HEAD) JM_NUMBER="" JM_PATHS="$paths" \
  bash "$root/scripts/action/review.sh"
journeymap build $site -o site/ --format "$formats" >/dev/null
test -f site/index.html && test -f site/retail-laptop.png
ok "site/ has $(ls site | wc -l) files"

echo "== GitLab CI (.gitlab-ci.yml)"
# The maps job without a merge request (no note): the Code Quality report.
(
  export CI_MERGE_REQUEST_DIFF_BASE_SHA=$base CI_COMMIT_SHA=$(git rev-parse HEAD) CI_MERGE_REQUEST_IID=""
  yaml_get .gitlab-ci.yml 'd["maps"]["script"][1]' | sed "s|/tmp/review.sh|$root/scripts/action/review.sh|" | bash
)
jq -e 'type == "array" and length == 0' gl-code-quality-report.json >/dev/null
ok "gl-code-quality-report.json is an empty Code Quality report"
yaml_get .gitlab-ci.yml '"\n".join(d["pages"]["script"])' | bash >/dev/null
test -f public/index.html
ok "the pages job built public/"
rm -rf site public gl-code-quality-report.json

echo "== pre-commit (.pre-commit-config.yaml, this checkout's hooks at the recipe's rev)"
git clone -q "$root" "$work/upstream"
rev=$(yaml_get .pre-commit-config.yaml 'd["repos"][0]["rev"]')
git -C "$work/upstream" tag -f "$rev" >/dev/null
sed -i "s|https://github.com/OWNER/journeymap|file://$work/upstream|" .pre-commit-config.yaml
export PRE_COMMIT_HOME="$work/pre-commit-cache"
git add .pre-commit-config.yaml && git commit -qm "pre-commit"
pre-commit install >/dev/null
echo "site_name: Journeys, renamed" > mkdocs.yml
git add mkdocs.yml && git commit -qm "mkdocs only" && ok "a commit of mkdocs.yml did not reach the hook"
sed -i 's/stage: awareness/stage: awarenes/' maps/retail-laptop.yaml
git add maps
if git commit -qm "broken" >/dev/null 2>&1; then echo "FAIL: pre-commit let a broken map through"; exit 1; fi
ok "pre-commit stopped the broken map"
git reset -q && git checkout -q -- maps && pre-commit uninstall >/dev/null
git diff --quiet HEAD || { echo "FAIL: the scratch repository did not come back clean"; exit 1; }

echo "== the plain git hook (README block = scripts/hooks/pre-commit)"
recipe "### A plain git hook" sh > "$work/hook"
diff -u "$root/scripts/hooks/pre-commit" "$work/hook" || { echo "FAIL: the README's hook differs from scripts/hooks/pre-commit"; exit 1; }
cp "$work/hook" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
echo "site_name: Journeys, again" > mkdocs.yml
cp maps/retail-laptop.yaml "maps/a map with spaces.yaml"
git add -A && git commit -qm "mkdocs and a good map" && ok "good maps and mkdocs.yml committed"
sed -i 's/stage: awareness/stage: awarenes/' "maps/a map with spaces.yaml"
git add maps
if git commit -qm "broken" 2>/dev/null; then echo "FAIL: the hook let a broken map through"; exit 1; fi
ok "the hook stopped the broken map"
git config journeymap.maps 'journeys/**/*.yaml'
git commit -qm "maps are elsewhere now" && ok "with journeymap.maps set elsewhere, maps/ is not checked"
echo "all recipes ok"
