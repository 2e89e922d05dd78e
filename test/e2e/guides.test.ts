// The client guides' snippets (docs/guides/*.md, fenced blocks whose info string ends in ` test`) run exactly as
// written against a real server, with only what the guides tell a user to set: AWS_ENDPOINT_URL_KMS, AWS_REGION, AWS_DEFAULT_REGION and
// the access key in the environment, `keyward` on PATH. Each snippet checks its own results and prints `ok` last.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cliEntry, repoRoot } from '../support/paths.js';
import { startTestServer, type TestServer } from '../support/server.js';

const GUIDES = join(repoRoot, 'docs/guides');
// The guides whose clients this machine has (docs/guides/README.md says which); each must hold at least one test block.
const TESTED = ['aws-cli.md', 'boto3.md', 'javascript.md', 'encryption-sdk.md'];

interface Snippet { guide: string; lang: string; code: string; line: number }

function snippets(guide: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = readFileSync(join(GUIDES, guide), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+) test$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    assert.ok(end > i, `${guide}:${i + 1}: unterminated block`);
    out.push({ guide, lang: open[1]!, code: lines.slice(i + 1, end).join('\n') + '\n', line: i + 1 });
    i = end;
  }
  return out;
}

let server: TestServer;
let bin: string;

before(async () => {
  server = await startTestServer();
  bin = mkdtempSync(join(tmpdir(), 'keyward-guides-bin-'));
  writeFileSync(join(bin, 'keyward'), `#!/bin/sh\nexec "${process.execPath}" "${cliEntry}" "$@"\n`);
  chmodSync(join(bin, 'keyward'), 0o755);
});

after(async () => {
  await server?.stop(true);
  rmSync(bin, { recursive: true, force: true });
});

function run(s: Snippet): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-guide-'));
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: `${bin}:${process.env.PATH}`, HOME: dir, LANG: 'C.UTF-8',
      AWS_ENDPOINT_URL_KMS: server.url, AWS_REGION: server.region, AWS_DEFAULT_REGION: server.region, AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey, AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'), AWS_PAGER: '', PYTHONDONTWRITEBYTECODE: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    let argv: string[];
    if (s.lang === 'sh') argv = ['bash', '-c', s.code];
    else if (s.lang === 'python') argv = ['python3', '-c', s.code];
    else if (s.lang === 'js') {
      // An ES module beside a node_modules, as in the reader's own project.
      mkdirSync(join(dir, 'app'));
      symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'app', 'node_modules'));
      writeFileSync(join(dir, 'app', 'snippet.mjs'), s.code);
      argv = [process.execPath, join(dir, 'app', 'snippet.mjs')];
    } else throw new Error(`${s.guide}:${s.line}: no runner for ${s.lang}`);
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every guide in the table exists, and each tested one holds a runnable snippet', () => {
  const files = readdirSync(GUIDES).filter((f) => f.endsWith('.md') && f !== 'README.md');
  const index = readFileSync(join(GUIDES, 'README.md'), 'utf8');
  for (const f of files) assert.ok(index.includes(`(${f})`), `docs/guides/README.md links ${f}`);
  for (const f of ['aws-cli.md', 'boto3.md', 'javascript.md', 'go.md', 'java.md', 'terraform.md', 'sops.md', 'encryption-sdk.md']) {
    assert.ok(files.includes(f), `the guide ${f} exists`);
  }
  for (const f of TESTED) assert.ok(snippets(f).length > 0, `${f} has a block marked test`);
});

for (const guide of TESTED) {
  for (const s of snippets(guide)) {
    test(`${guide}:${s.line}: the ${s.lang} snippet runs as written`, { timeout: 150_000 }, () => {
      const r = run(s);
      assert.equal(r.status, 0, `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
      assert.equal(r.stdout.trimEnd().split('\n').at(-1), 'ok', r.stdout);
    });
  }
}
