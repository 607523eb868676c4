#!/usr/bin/env bash
# Installs a released journeymap binary into DIR (the action caches DIR by version):
# downloads the archive for this runner from the GitHub release, checks it against
# its published SHA-256, and unpacks the binary. Usage: install.sh VERSION DIR
# (VERSION is a release tag such as v0.2.0). JM_RELEASES overrides where releases
# are downloaded from (default https://github.com/<this action's repository>/releases).
set -euo pipefail
version=$1
dir=$2
releases=${JM_RELEASES:?JM_RELEASES names the releases page}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  MINGW* | MSYS* | CYGWIN*) target=x86_64-pc-windows-msvc ;;
  *) echo "journeymap: no released binary for $(uname -s) $(uname -m); use cargo install" >&2; exit 2 ;;
esac
archive="journeymap-$target.tar.gz"
[ "$target" != x86_64-pc-windows-msvc ] || archive="journeymap-$target.zip"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl --silent --show-error --fail --location --retry 3 -o "$work/$archive" "$releases/download/$version/$archive"
# The release's checksum file, journeymap-<target>.sha256, has a line per archive.
sums="journeymap-$target.sha256"
curl --silent --show-error --fail --location --retry 3 -o "$work/$sums" "$releases/download/$version/$sums"
expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1 }' "$work/$sums")
actual=$( (sha256sum "$work/$archive" 2>/dev/null || shasum -a 256 "$work/$archive") | cut -d' ' -f1)
[ -n "$expected" ] && [ "$expected" = "$actual" ] || { echo "journeymap: $archive does not match its checksum" >&2; exit 2; }
mkdir -p "$dir"
case $archive in
  *.zip) unzip -q -o "$work/$archive" -d "$dir" ;;
  *) tar -xzf "$work/$archive" -C "$dir" journeymap ;;
esac
"$dir/journeymap" --version
