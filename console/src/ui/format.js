// Dates, durations and bytes as people read them. The APIs send epoch seconds.
export const toDate = (seconds) => (seconds === undefined || seconds === null ? undefined : new Date(Number(seconds) * 1000));

export function formatDate(seconds) {
  const d = toDate(seconds);
  return d ? d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—';
}

/** "6 days 23 h 59 min" until `seconds` from `nowMs`; "now" when past. */
export function countdown(seconds, nowMs) {
  let left = Math.max(0, Math.floor(Number(seconds) - nowMs / 1000));
  if (left === 0) return 'now';
  const days = Math.floor(left / 86400);
  left -= days * 86400;
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left - hours * 3600) / 60);
  return [days ? `${days} day${days === 1 ? '' : 's'}` : '', `${hours} h`, `${minutes} min`].filter(Boolean).join(' ');
}

export function formatBytes(n) {
  const v = Number(n ?? 0);
  if (v < 1024) return `${v} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let x = v / 1024;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) (x /= 1024), i++;
  return `${x.toFixed(1)} ${units[i]}`;
}

export const shortId = (arnOrId) => String(arnOrId ?? '').replace(/^arn:[^:]+:kms:[^:]*:\d*:key\//, '');
