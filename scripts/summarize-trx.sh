#!/usr/bin/env bash
# Sums the <Counters .../> of every TRX file under a folder and prints one line:
#   tests: N passed, N failed[, N skipped]
# "failed" includes the error and timeout counts; "skipped" is what was counted but not executed
# (VSTest leaves notExecuted at 0 for ignored tests, so it is total - executed).
# Exit status: 0 when at least one test ran and none failed, 1 otherwise.
set -euo pipefail

dir="${1:?usage: summarize-trx.sh RESULTS_DIR}"

# attr NAME COUNTERS: the value of a numeric attribute, 0 when absent.
attr() {
  local value
  value="$(sed -n "s/.*[[:space:]]$1=\"\([0-9][0-9]*\)\".*/\1/p" <<<"$2")"
  echo "${value:-0}"
}

passed=0 failed=0 skipped=0 files=0
while IFS= read -r -d '' trx; do
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  passed=$((passed + $(attr passed "$counters")))
  failed=$((failed + $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters")))
  skipped=$((skipped + $(attr total "$counters") - $(attr executed "$counters")))
done < <(find "$dir" -name '*.trx' -type f -print0 2>/dev/null)

line="tests: $passed passed, $failed failed"
if ((skipped > 0)); then
  line+=", $skipped skipped"
fi
echo "$line"

if ((files == 0 || failed > 0 || passed == 0)); then
  exit 1
fi
