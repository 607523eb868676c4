# journeymap as a container image: the static musl binary on an empty base (scratch),
# so the image is the binary and nothing else (about 8 MB; README "Install").
# The binary is built outside, by scripts/build-release.sh here or by the release
# workflow, and copied from dist/<architecture>/journeymap:
#   scripts/build-release.sh            # builds dist/amd64/journeymap, then this image
#   docker run --rm -v "$PWD:/work" -u "$(id -u):$(id -g)" journeymap check maps/
FROM scratch
ARG TARGETARCH=amd64
COPY dist/${TARGETARCH}/journeymap /usr/local/bin/journeymap
# Fonts are bundled in the binary, so PNG and PDF need nothing from the image.
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/journeymap"]
CMD ["--help"]
