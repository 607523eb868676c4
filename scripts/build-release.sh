#!/usr/bin/env bash
# Builds the release binary for Linux as users download it: static (musl), stripped,
# at dist/amd64/journeymap, and prints its size; then, where a container engine
# runs, the image from the Dockerfile (the same binary on an empty base) and its
# size. Slow (a full release build), so not part of .ci/run.
# Usage: scripts/build-release.sh [--no-image]
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-unknown-linux-musl
rustup target add "$target" >/dev/null
# Rust's musl target links with its own copy of musl: no musl-tools needed, as
# journeymap builds no C code.
CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --locked --target "$target"
binary="target/$target/release/journeymap"
file "$binary" 2>/dev/null | grep -q "static" || {
  # `file` may be missing; ldd says "not a dynamic executable" for a static one.
  ldd "$binary" 2>&1 | grep -q "not a dynamic executable\|statically linked" \
    || { echo "error: $binary is not statically linked" >&2; exit 1; }
}
mkdir -p dist/amd64
cp "$binary" dist/amd64/journeymap
echo "binary: dist/amd64/journeymap, $(du -k dist/amd64/journeymap | cut -f1) KiB ($(stat -c %s dist/amd64/journeymap) bytes)"
# The binary runs on its own: check and a PNG, which needs the bundled font.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dist/amd64/journeymap check examples/
dist/amd64/journeymap build examples/retail-laptop.yaml -o "$work" --format html,svg,png >/dev/null
echo "ok: the static binary checks and builds the examples"
cargo test --quiet --test release -- --include-ignored

[ "${1:-}" != --no-image ] || exit 0
# Podman without a daemon: the vfs driver and chroot builds work where overlay
# mounts and namespaces do not (as on the development machine).
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs} BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}
for engine in docker podman; do
  command -v "$engine" >/dev/null && "$engine" info >/dev/null 2>&1 || continue
  "$engine" build -q -t journeymap:dev . >/dev/null
  echo "image: journeymap:dev, $("$engine" image inspect journeymap:dev --format '{{.Size}}') bytes"
  # The image holds the binary above and nothing else: its one layer, unpacked.
  "$engine" save -q -o "$work/image.tar" journeymap:dev
  mkdir "$work/image" && tar -xf "$work/image.tar" -C "$work/image"
  layers=$(jq -r '.[0].Layers[]' "$work/image/manifest.json")
  [ "$(wc -l <<< "$layers")" -eq 1 ] || { echo "error: the image has more than one layer" >&2; exit 1; }
  mkdir "$work/layer" && tar -xf "$work/image/$layers" -C "$work/layer"
  files=$(cd "$work/layer" && find . -type f | sort)
  [ "$files" = "./usr/local/bin/journeymap" ] || { echo "error: the image holds $files" >&2; exit 1; }
  cmp "$work/layer/usr/local/bin/journeymap" dist/amd64/journeymap
  echo "ok: the image's only file is dist/amd64/journeymap"
  if "$engine" run --rm -v "$PWD/examples:/work:ro" journeymap:dev check /work; then
    echo "ok: the image checks the examples"
  else
    echo "note: $engine cannot run containers here; the image was built and its content checked"
  fi
  exit 0
done
echo "no container engine here: the image is not built (tests/release.rs checks the Dockerfile against this binary)"
