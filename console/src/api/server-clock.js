// The server's clock, for countdowns: a browser's clock may be skewed, and a dev server's test clock runs ahead.
// The newest audit event (LookupEvents, MaxResults 1) is the caller's own previous request, stamped by the server
// a moment ago; its time minus the browser's is the offset. Without keyward:LookupEvents, the browser's clock.
import { keyward } from './kms.js';

export async function serverOffsetMs() {
  try {
    const before = Date.now();
    const { Events } = await keyward('LookupEvents', { MaxResults: 1 });
    const at = Events?.[0]?.EventTime;
    return at === undefined ? 0 : Math.round(Number(at) * 1000 - (before + Date.now()) / 2);
  } catch {
    return 0;
  }
}
