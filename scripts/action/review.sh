#!/usr/bin/env bash
# The GitHub Action's and the GitLab recipe's work, in one script: check the maps a
# change touches, then on a pull (merge) request post ONE comment (note) with the
# semantic diff of every changed, added or removed map and before/after pictures of
# each changed map's emotion curves, updated in place on each push.
#
# Environment (action.yml and the GitLab recipe fill it in):
#   JM_PLATFORM   github | gitlab
#   JM_BASE       the commit the change starts from (a pull request's base)
#   JM_HEAD       the commit checked out (the change)
#   JM_NUMBER     the pull request's number or merge request's iid; empty: check only
#   JM_PATHS      git pathspec globs of the map files, space-separated
#                 (default "maps/**/*.yaml maps/**/*.yml")
#   JM_API        the API's base URL (https://api.github.com, $CI_API_V4_URL)
#   JM_REPO       owner/name on GitHub, the project's id on GitLab
#   JM_TOKEN      a token that may comment (and push JM_PREVIEWS)
#   JM_WEB        the repository's web address, for picture links
#   JM_PREVIEWS   the branch that keeps the pictures (default journeymap-previews);
#                 empty: no pictures
#   JM_REMOTE     the git remote to push it to (default origin)
#   JM_AUTHOR     the login the token comments as (github-actions[bot] for the
#                 default token); when set, only its comment is updated
#   JOURNEYMAP    the journeymap binary (default: journeymap on PATH)
#
# Exit status: 0 the changed maps are valid (and the comment is posted), 1 a changed
# map has errors (the comment is still posted), 2 the comment or the pictures could
# not be posted, or the script was called wrongly.
set -euo pipefail

marker='<!-- journeymap-review: semantic diff of the maps; this comment is updated on each push -->'
jm=${JOURNEYMAP:-journeymap}
platform=${JM_PLATFORM:-github}
previews=${JM_PREVIEWS-journeymap-previews}
remote=${JM_REMOTE:-origin}
# GitHub refuses comments over 65,536 characters; GitLab notes allow more.
max_body=60000

fail() { echo "journeymap review: $*" >&2; exit 2; }
[ -n "${JM_BASE:-}" ] && [ -n "${JM_HEAD:-}" ] || fail "JM_BASE and JM_HEAD must name commits"
case $platform in github | gitlab) ;; *) fail "JM_PLATFORM is github or gitlab, not '$platform'" ;; esac

# A push that creates a branch has no "before": compare with the empty tree.
if [[ $JM_BASE =~ ^0+$ ]]; then JM_BASE=$(git hash-object -t tree /dev/null); fi
# The base may be missing from a shallow checkout: fetch just that commit.
if ! git cat-file -e "$JM_BASE^{tree}" 2>/dev/null; then
  git fetch -q --depth=1 "$remote" "$JM_BASE" || fail "cannot fetch the base commit $JM_BASE"
fi

read -r -a globs <<< "${JM_PATHS:-maps/**/*.yaml maps/**/*.yml}"
pathspecs=()
for glob in "${globs[@]}"; do pathspecs+=(":(glob)$glob"); done

# Changed map files, one "STATUS<TAB>path" a line; renames count as a removal and
# an addition, so each side is diffed against nothing.
changes=()
while IFS= read -r -d '' kind && IFS= read -r -d '' path; do
  changes+=("$kind"$'\t'"$path")
done < <(git diff -z --no-renames --name-status "$JM_BASE" "$JM_HEAD" -- "${pathspecs[@]}")
present=()
for change in "${changes[@]}"; do
  [ "${change%%$'\t'*}" = D ] || present+=("${change#*$'\t'}")
done

# 1. Check the changed maps that still exist, as annotations (GitHub) or a Code
#    Quality report (GitLab).
status=0
if [ ${#present[@]} -gt 0 ]; then
  if [ "$platform" = github ]; then
    "$jm" check --format github "${present[@]}" || status=$?
  else
    "$jm" check --format gitlab "${present[@]}" > gl-code-quality-report.json || status=$?
    "$jm" check "${present[@]}" || true
  fi
fi
[ "$status" -le 1 ] || fail "journeymap check failed to run (exit $status)"
echo "journeymap review: ${#changes[@]} map file(s) changed, check exit $status"
[ -n "${JM_NUMBER:-}" ] || exit "$status"

# 2. The comment: the diff of each map, and the curves before and after.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pictures=()   # "index<TAB>path" for each map that has both pictures
body="$marker"$'\n'"## Journey maps in this change"$'\n\n'
if [ "$status" -eq 0 ]; then
  body+="Every changed map passes \`journeymap check\`."
else
  body+="**Some changed maps have errors**: see the check's annotations or the job log."
fi
body+=$'\n'
base_short=$(git rev-parse --short=12 "$JM_BASE")
head_short=$(git rev-parse --short=12 "$JM_HEAD")
# Where a map's pictures go, until their links are known: control characters, which
# no map text in the diff can contain.
placeholder() { printf '\001pictures-%s\001' "$1"; }
index=0
cut=0
for change in "${changes[@]}"; do
  path=${change#*$'\t'}
  index=$((index + 1))
  dir="$work/$index"
  new=$path
  [ "${change%%$'\t'*}" != D ] || new="$head_short:$path"
  if ! section=$("$jm" diff --allow-missing --format markdown --curves "$dir" "$base_short:$path" "$new" 2>&1); then
    section="#### \`$path\`"$'\n\n'"Not compared: a version has errors."$'\n\n```text\n'"$(printf '%s\n' "$section" | head -40)"$'\n```'
  fi
  # Every heading one level down, below the comment's.
  section=$(printf '%s\n' "$section" | sed 's/^#/##/')
  if [ -n "$previews" ] && [ -f "$dir/old.png" ] && [ -f "$dir/new.png" ]; then
    pictures+=("$index"$'\t'"$path")
    section+=$'\n\n'"$(placeholder "$index")"
  fi
  if [ $(( ${#body} + ${#section} )) -gt "$max_body" ]; then
    cut=$((cut + 1))
    continue
  fi
  body+=$'\n'"$section"$'\n'
done
[ "$cut" -eq 0 ] || body+=$'\n'"*$cut more changed map(s) left out: the comment would be too long. Run \`journeymap diff\` locally.*"$'\n'

# 3. Pictures: committed to the previews branch (kept apart from the code, one
#    folder per pull request and commit), linked by commit so the links never move.
if [ ${#pictures[@]} -gt 0 ]; then
  commit=""
  for attempt in 1 2 3; do
    parent=""
    if git fetch -q "$remote" "+refs/heads/$previews:refs/journeymap/previews" 2>/dev/null; then
      parent=$(git rev-parse refs/journeymap/previews)
    fi
    export GIT_INDEX_FILE="$work/index"
    rm -f "$GIT_INDEX_FILE"
    if [ -n "$parent" ]; then git read-tree "$parent"; else git read-tree --empty; fi
    for picture in "${pictures[@]}"; do
      i=${picture%%$'\t'*}
      for side in old new; do
        blob=$(git hash-object -w "$work/$i/$side.png")
        git update-index --add --cacheinfo "100644,$blob,pr-$JM_NUMBER/${JM_HEAD:0:12}/$i-$side.png"
      done
    done
    tree=$(git write-tree)
    unset GIT_INDEX_FILE
    commit=$(git -c user.name=journeymap -c user.email=journeymap@users.noreply.github.com \
      commit-tree "$tree" ${parent:+-p "$parent"} -m "Curves for #$JM_NUMBER at ${JM_HEAD:0:12}")
    if git push -q "$remote" "$commit:refs/heads/$previews" 2>"$work/push.log"; then break; fi
    commit=""
  done
  [ -n "$commit" ] || { cat "$work/push.log" >&2; fail "cannot push the pictures to the '$previews' branch (a fork's token cannot; set JM_PREVIEWS= to post without pictures)"; }
  raw="$JM_WEB/raw/$commit"
  [ "$platform" = github ] || raw="$JM_WEB/-/raw/$commit"
  for picture in "${pictures[@]}"; do
    i=${picture%%$'\t'*}
    base="$raw/pr-$JM_NUMBER/${JM_HEAD:0:12}/$i"
    table="| Emotion curves before | after |"$'\n'"|---|---|"$'\n'"| ![before]($base-old.png) | ![after]($base-new.png) |"
    body=${body/"$(placeholder "$i")"/"$table"}
  done
fi

# 4. Post the comment, or update the one this script posted before.
api() { # METHOD PATH [BODY-FILE]: prints the response; fails on an HTTP error
  local auth
  if [ "$platform" = github ]; then auth="Authorization: Bearer $JM_TOKEN"; else auth="PRIVATE-TOKEN: $JM_TOKEN"; fi
  curl --silent --show-error --fail-with-body --max-time 30 -X "$1" -H "$auth" \
    -H "Accept: application/json" -H "Content-Type: application/json" -H "Expect:" \
    ${3:+--data-binary "@$3"} "$JM_API$2"
}
if [ "$platform" = github ]; then
  list="/repos/$JM_REPO/issues/$JM_NUMBER/comments"
  one="/repos/$JM_REPO/issues/comments"
  update=PATCH
else
  list="/projects/$JM_REPO/merge_requests/$JM_NUMBER/notes"
  one="$list"
  update=PUT
fi
existing=""
for page in $(seq 1 50); do
  response=$(api GET "$list?per_page=100&page=$page") || fail "cannot list the comments: $response"
  [ "$(jq 'length' <<< "$response")" -gt 0 ] || break
  existing=$(jq -r --arg marker "$marker" --arg author "${JM_AUTHOR:-}" \
    'map(select((.body | startswith($marker)) and ($author == "" or (.user.login // .author.username) == $author))) | first | .id // empty' <<< "$response")
  [ -z "$existing" ] || break
done
jq -n --arg body "$body" '{body: $body}' > "$work/request.json"
if [ -n "$existing" ]; then
  response=$(api "$update" "$one/$existing" "$work/request.json") || fail "cannot update comment $existing: $response"
  echo "journeymap review: updated comment $existing"
else
  response=$(api POST "$list" "$work/request.json") || fail "cannot post the comment: $response"
  echo "journeymap review: posted comment $(jq -r '.id' <<< "$response")"
fi
exit "$status"
