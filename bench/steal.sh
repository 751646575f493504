# shellcheck shell=bash
# Sourced by the bench scripts: CPU time the hypervisor gave to other guests (the "steal" column of /proc/stat), a
# virtual machine's noise, over a stretch of a run: `steal_start` before it, `steal_pct` after it prints the share in %.
# The CLI's compare measures the same column per cell (cli/.../report/MachineLoad.java).
cpu_ticks() { awk '/^cpu /{ t = 0; for (i = 2; i <= 9; i++) t += $i; print $9, t }' /proc/stat; }
steal_start() { read -r _steal0 _total0 < <(cpu_ticks); }
steal_pct() {
  local steal1 total1
  read -r steal1 total1 < <(cpu_ticks)
  awk -v s=$((steal1 - _steal0)) -v t=$((total1 - _total0)) 'BEGIN { printf "%.1f", (t > 0 ? 100 * s / t : 0) }'
}
