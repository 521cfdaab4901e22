#!/usr/bin/env bash
# Builds the real control-plane programs (kube-apiserver, kube-controller-manager, etcd) that the
# real-cluster test tier runs, from the pinned Go module in control-plane/.
#
#   scripts/control-plane.sh build   build into the cache folder unless it is already up to date
#   scripts/control-plane.sh path    print the cache folder of the pinned versions
#
# The folder is ${KUBEFED_CONTROL_PLANE_DIR:-$HOME/.cache/kubefed/control-plane}/<k8s>-etcd<etcd>/.
# Versions come from control-plane/go.mod only, so bumping them there is the whole upgrade.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
module="$root/control-plane"
binaries=(kube-apiserver kube-controller-manager etcd)

fail() {
  echo "control-plane.sh: $*" >&2
  exit 1
}

# The version that go.mod requires for a module path (first field after the path that looks like one).
required_version() {
  awk -v m="$1" '{ for (i = 1; i < NF; i++) if ($i == m && $(i + 1) ~ /^v[0-9]/) { print $(i + 1); exit } }' "$module/go.mod"
}

cache_dir() {
  [ -f "$module/go.mod" ] || fail "missing $module/go.mod"
  local k8s etcd
  k8s=$(required_version k8s.io/kubernetes)
  etcd=$(required_version go.etcd.io/etcd/server/v3)
  [ -n "$k8s" ] || fail "control-plane/go.mod requires no k8s.io/kubernetes version"
  [ -n "$etcd" ] || fail "control-plane/go.mod requires no go.etcd.io/etcd/server/v3 version"
  echo "${KUBEFED_CONTROL_PLANE_DIR:-$HOME/.cache/kubefed/control-plane}/${k8s}-etcd${etcd#v}"
}

# Everything the binaries are built from; a change to any of them means a rebuild.
inputs_hash() {
  (cd "$module" && cat go.mod go.sum etcd/main.go) | sha256sum | cut -d' ' -f1
}

up_to_date() {
  local dir=$1 name
  for name in "${binaries[@]}"; do [ -x "$dir/$name" ] || return 1; done
  [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$(inputs_hash)" ]
}

sizes() {
  local dir=$1 name out=""
  for name in "${binaries[@]}"; do out+="$name $(( $(stat -c %s "$dir/$name") / 1048576 )) MiB, "; done
  echo "${out%, }"
}

build() {
  local dir start tmp log elapsed
  dir=$(cache_dir)
  start=$(date +%s%N)
  mkdir -p "$dir" || fail "cannot create $dir"
  # Two test runs starting at once build once: the second waits here, then finds it up to date.
  exec 9>"$dir/.lock"
  if command -v flock >/dev/null 2>&1; then flock 9; fi
  if up_to_date "$dir"; then
    echo "control-plane: up to date in $dir ($(sizes "$dir")), checked in $(( ($(date +%s%N) - start) / 1000000 )) ms"
    return 0
  fi
  command -v go >/dev/null 2>&1 || fail "go is not installed or not on PATH (needed to build the control plane; see control-plane/go.mod for the version)"
  echo "control-plane: building ${binaries[*]} into $dir with $(go env GOVERSION) (a first build takes long; later ones use the Go build cache)"
  tmp=$(mktemp -d "$dir/.build.XXXXXX")
  log="$dir/build.log"
  # -trimpath and -s -w: reproducible paths and no debug info, which roughly halves the binaries.
  if ! (cd "$module" && go build -trimpath -ldflags='-s -w' -o "$tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager ./etcd) >"$log" 2>&1; then
    rm -rf "$tmp"
    tail -n 20 "$log" >&2
    fail "go build failed after $(( ($(date +%s%N) - start) / 1000000000 )) s (full log: $log)"
  fi
  for name in "${binaries[@]}"; do mv -f "$tmp/$name" "$dir/$name"; done
  rm -rf "$tmp"
  # The stamp is written last: an interrupted build is never taken for a finished one.
  inputs_hash >"$dir/.stamp"
  elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "control-plane: built in $(( elapsed / 1000 )).$(( elapsed % 1000 / 100 )) s into $dir ($(sizes "$dir"))"
}

case "${1:-}" in
  build) build ;;
  path) cache_dir ;;
  *) fail "usage: scripts/control-plane.sh build|path" ;;
esac
