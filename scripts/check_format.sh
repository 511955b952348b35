#!/usr/bin/env bash
# Checks that every C++ file of the repository is formatted as .clang-format says (clang-format 14, as
# Debian 12 ships it), except the paths listed in .clang-format-ignore. With --fix, formats them.
#   scripts/check_format.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."

formatter=$(command -v clang-format-14 || command -v clang-format || true)
[[ -n $formatter ]] || { echo "check_format: clang-format-14 is missing (apt-get install clang-format)" >&2; exit 2; }
"$formatter" --version | grep -q 'version 14\.' ||
    { echo "check_format: $formatter is not clang-format 14; its output would differ" >&2; exit 2; }

ignored() {
    local file=$1 pattern
    while read -r pattern; do
        [[ -z $pattern || $pattern == \#* ]] && continue
        # shellcheck disable=SC2053  # the pattern is a glob on purpose
        [[ $file == $pattern ]] && return 0
    done <.clang-format-ignore
    return 1
}

files=()
while IFS= read -r file; do
    ignored "$file" || files+=("$file")
done < <(git ls-files '*.cpp' '*.hpp')

if [[ ${1:-} == --fix ]]; then
    "$formatter" --style=file -i "${files[@]}"
    exit 0
fi
if ! "$formatter" --style=file --dry-run --Werror "${files[@]}" 2>"${TMPDIR:-/tmp}/check_format.$$"; then
    grep -E '^[^ ].*: error:' "${TMPDIR:-/tmp}/check_format.$$" | sed -n '1,20p' >&2
    rm -f "${TMPDIR:-/tmp}/check_format.$$"
    echo "check_format: files are not formatted; run scripts/check_format.sh --fix" >&2
    exit 1
fi
rm -f "${TMPDIR:-/tmp}/check_format.$$"
echo "check_format: ${#files[@]} files formatted as .clang-format says"
