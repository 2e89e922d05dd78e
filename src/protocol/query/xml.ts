// XML text escaping for Query protocol responses (XML 1.0 §2.4: &, <, > and quotes; characters XML 1.0 cannot carry
// at all are written as character references so a client's parser never fails on a stored value).
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };

export function xmlText(s: string): string {
  return s.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);
}
