/* Times and durations as the viewer reads them, in the browser's time zone. */

export function formatAge(ms) {
  if (ms == null) {
    return 'no reading yet';
  }
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  return `${Math.floor(hours / 24)} days ago`;
}

export function formatTime(ts) {
  return new Date(ts).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDuration(ms) {
  const rounded = value => Number(value.toFixed(1));
  const minutes = ms / 60000;
  if (minutes < 1) {
    return `${rounded(ms / 1000)} s`;
  }
  if (minutes < 60) {
    return `${rounded(minutes)} min`;
  }
  if (minutes < 1440) {
    return `${rounded(minutes / 60)} h`;
  }
  return `${rounded(minutes / 1440)} days`;
}

export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}
