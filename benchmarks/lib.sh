# shellcheck shell=bash
# What the benchmark scripts share: the line that says where a run was made, and the summary over rounds.
# Sourced, not run: . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# machine [JAVA] [DIR]: one line naming the machine, the JDK and (given DIR) the file system a run writes to
machine() {
  local java="${1:-java}" dir="${2:-}" cpu
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  printf 'machine: %s cores (%s), %s GiB, %s; %s' "$(nproc)" "${cpu:-unknown CPU}" \
    "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$(uname -sr)" \
    "$("$java" -version 2>&1 | head -n 1)"
  [[ -d "$dir" ]] && printf '; %s on %s' "$dir" "$(df -PT "$dir" | awk 'NR == 2 { print $2 " " $1 }')"
  printf '\n'
}

# summarize FILE: FILE holds "ROUND NAME VALUE" lines; prints "NAME min / median / max" per NAME, sorted by name
summarize() {
  sort -k2,2 -k3,3g "$1" | awk '
    { v[$2] = v[$2] " " $3; c[$2]++ }
    END { for (k in v) { split(substr(v[k], 2), a, " "); printf "  %-36s %14s / %14s / %14s\n", k, a[1], a[int((c[k] + 1) / 2)], a[c[k]] } }' | sort
}

# median_of FILE EXPR [FORMAT]: the median over FILE's lines of the awk expression EXPR (such as '$3 / $1')
median_of() {
  awk "{ print $2 }" "$1" | sort -g | awk -v f="${3:-%s}" '{ v[NR] = $1 } END { printf f "\n", v[int((NR + 1) / 2)] }'
}
