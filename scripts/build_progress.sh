# Sourced by scripts/build.sh, scripts/test.sh and scripts/pgo.sh: `build_with_progress NAME DIR
# [TARGET]` builds DIR with a few lines of progress on stderr (every quarter of the steps)
# instead of every compiler command; the full output goes to DIR/build.log, and on a failure
# its error lines are printed.
build_with_progress() {
  local name=$1 dir=$2 target=${3:-}
  local log=$dir/build.log
  local arguments=(--build "$dir" --parallel "$(nproc)")
  [[ -n $target ]] && arguments+=(--target "$target")
  echo "$name: building $dir${target:+ ($target)}" >&2
  local status=0
  # (`|| status=...` keeps `set -e` from ending the script before the errors are shown.)
  cmake "${arguments[@]}" 2>&1 | tee "$log" | awk -v name="$name" '
    /^\[[0-9]+\/[0-9]+\]/ {
      split(substr($0, 2, index($0, "]") - 2), step, "/")
      quarter = int(4 * step[1] / step[2])
      if (quarter > shown) {
        shown = quarter
        printf "%s: %d %% (%d of %d steps)\n", name, 25 * quarter, step[1], step[2] > "/dev/stderr"
      }
    }' || status=${PIPESTATUS[0]}
  if [[ $status -ne 0 ]]; then
    echo "$name: the build failed; its errors (all of it: $log):" >&2
    grep -E "error:|FAILED:|Error [0-9]|CMake Error" "$log" | head -n 40 >&2 || true
    return "$status"
  fi
  if grep -q "no work to do" "$log"; then echo "$name: up to date" >&2; fi
  return 0
}
