/**
 * The progress line of a long replay: how far, how fast, how long still to go.
 *   cohort   [############..................] 1200/3000  850 msg/s  about 2 s left
 */
export function progressLine(label: string, done: number, total: number, seconds: number, width = 30): string {
  const fraction = total > 0 ? Math.min(done / total, 1) : 1;
  const filled = Math.round(fraction * width);
  const rate = seconds > 0 ? done / seconds : 0;
  const left = done >= total ? 'done' : rate > 0 ? `about ${formatDuration((total - done) / rate)} left` : 'estimating';
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${Math.round(rate)} msg/s  ${left}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

export const messagesPerSecond = (messages: number, seconds: number): number => (seconds > 0 ? Math.round(messages / seconds) : 0);
