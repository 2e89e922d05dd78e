// A live countdown to an epoch-seconds date on the server's clock (offsetMs: server minus browser).
import { useEffect, useState } from 'preact/hooks';
import { countdown, formatDate } from './format.js';
import { html } from './html.js';

export function Countdown({ at, offsetMs = 0, label }) {
  const [now, setNow] = useState(Date.now() + offsetMs);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(t);
  }, [offsetMs]);
  return html`<span class="countdown" data-testid="countdown">
    <strong>${label} in <span class="mono">${countdown(at, now)}</span></strong> <span class="muted">(${formatDate(at)})</span>
  </span>`;
}
