// `keyward doctor`: can this machine use Keyward? Checks, in order: the endpoint answers (/healthz), the clocks
// agree (SigV4 refuses requests more than 15 minutes off), AWS credentials are found and accepted, the node is
// unsealed, and TLS (the certificate's validity, or plain HTTP beyond loopback). Exit 0 when nothing failed
// (warnings allowed); 1 when a check failed; 2 usage.
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { connect, type PeerCertificate } from 'node:tls';
import type { Command } from 'commander';
import { addAwsOptions, awsSession, type AwsOptions, type AwsSession } from '../aws-client.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../table.js';

type Status = 'ok' | 'warn' | 'fail';
interface Check { Check: string; Status: Status; Detail: string }

const SKEW_WARN_S = 60;
const SKEW_FAIL_S = 5 * 60;
const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/;

async function reach(endpoint: URL): Promise<{ check: Check; date?: number }> {
  try {
    const res = await fetch(new URL('/healthz', endpoint), { signal: AbortSignal.timeout(10_000) });
    const date = Date.parse(res.headers.get('date') ?? '');
    const body = await res.text();
    const detail = `${endpoint.origin} answered ${res.status}${res.status === 200 ? '' : `: ${body.slice(0, 200)}`}`;
    return { check: { Check: 'endpoint', Status: res.status === 200 ? 'ok' : 'warn', Detail: detail }, date: Number.isNaN(date) ? undefined : date };
  } catch (err) {
    return { check: { Check: 'endpoint', Status: 'fail', Detail: `cannot reach ${endpoint.origin}: ${(err as Error).message}` } };
  }
}

function skew(serverDate: number | undefined, sentAt: number): Check {
  if (serverDate === undefined) return { Check: 'clock', Status: 'warn', Detail: 'the server sent no Date header' };
  const s = Math.round((serverDate - sentAt) / 1000);
  const detail = `the server's clock is ${Math.abs(s)} s ${s >= 0 ? 'ahead of' : 'behind'} this machine's (SigV4 allows 15 min; Date has 1 s resolution)`;
  return { Check: 'clock', Status: Math.abs(s) >= SKEW_FAIL_S ? 'fail' : Math.abs(s) >= SKEW_WARN_S ? 'warn' : 'ok', Detail: detail };
}

async function credentials(s: AwsSession): Promise<Check> {
  let id: string;
  try {
    id = (await s.kms.config.credentials()).accessKeyId;
  } catch (err) {
    return { Check: 'credentials', Status: 'fail', Detail: `no AWS credentials found: ${(err as Error).message}` };
  }
  try {
    await s.kms.send(new ListKeysCommand({ Limit: 1 }));
    return { Check: 'credentials', Status: 'ok', Detail: `${id} accepted (ListKeys)` };
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'AccessDeniedException') return { Check: 'credentials', Status: 'warn', Detail: `${id} authenticates but may not call kms:ListKeys` };
    return { Check: 'credentials', Status: 'fail', Detail: `${id}: ${e.name ?? 'Error'}: ${e.message ?? ''}` };
  }
}

async function seal(endpoint: URL): Promise<Check> {
  try {
    const res = await fetch(new URL('/_keyward/seal-status', endpoint), { signal: AbortSignal.timeout(10_000) });
    const s = (await res.json()) as { sealed?: boolean; progress?: number; threshold?: number };
    if (s.sealed === false) return { Check: 'seal', Status: 'ok', Detail: 'unsealed' };
    return { Check: 'seal', Status: 'fail', Detail: `sealed${s.threshold ? ` (${s.progress ?? 0} of ${s.threshold} shares)` : ''}: keyward operator unseal` };
  } catch (err) {
    return { Check: 'seal', Status: 'fail', Detail: `no seal status: ${(err as Error).message}` };
  }
}

function tls(endpoint: URL): Promise<Check> {
  if (endpoint.protocol === 'http:') {
    return Promise.resolve(LOOPBACK.test(endpoint.hostname)
      ? { Check: 'tls', Status: 'ok', Detail: 'plain HTTP on loopback' }
      : { Check: 'tls', Status: 'warn', Detail: `plain HTTP to ${endpoint.hostname}: credentials-signed requests and plaintexts cross the network unencrypted` });
  }
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.hostname, port: Number(endpoint.port || 443), servername: endpoint.hostname, timeout: 10_000 }, () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      const days = Math.floor((Date.parse(cert.valid_to) - Date.now()) / 86_400_000);
      socket.end();
      resolve({ Check: 'tls', Status: days < 14 ? 'warn' : 'ok', Detail: `certificate for ${cert.subject?.CN ?? endpoint.hostname}, valid ${days} more days` });
    });
    socket.once('error', (err) => resolve({ Check: 'tls', Status: 'fail', Detail: err.message }));
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ Check: 'tls', Status: 'fail', Detail: 'TLS handshake timed out' });
    });
  });
}

export function registerDoctor(program: Command, ctx: CliContext): void {
  addAwsOptions(program.command('doctor').description('Check reachability, clock skew, credentials, seal state and TLS'))
    .option('--json', 'print {"Checks": [{"Check", "Status", "Detail"}]}')
    .addHelpText('after', `
Exit status: 0 nothing failed (warnings allowed); 1 a check failed; 2 usage.

Examples:
  keyward doctor
  AWS_PROFILE=keyward keyward doctor --json`)
    .action(async (opts: AwsOptions & { json?: boolean }) => {
      const s = await awsSession(opts, ctx.env);
      try {
        const { endpoint } = s;
        const sentAt = Date.now();
        const reached = await reach(endpoint);
        const checks = [reached.check];
        if (reached.check.Status !== 'fail') checks.push(skew(reached.date, sentAt), await credentials(s), await seal(endpoint), await tls(endpoint));
        ctx.exitCode = checks.some((c) => c.Status === 'fail') ? 1 : 0;
        if (opts.json) return void ctx.out(JSON.stringify({ Checks: checks }));
        ctx.out(table(['CHECK', 'STATUS', 'DETAIL'], checks.map((c) => [c.Check, c.Status, c.Detail])));
      } finally {
        s.close();
      }
    });
}
