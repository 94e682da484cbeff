/**
 * Formats milliseconds as `m:ss` (`4:05`), the way the task lifetime "of 5:00" is shown; negative values
 * count as zero.
 */
export function formatClock(ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** Formats milliseconds for a summary: `850 ms`, `12.3 s`, `4:05 min`. */
export function formatLatency(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${formatClock(ms)} min`;
}
