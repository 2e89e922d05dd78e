// The "bare" baseline: a trivial node:http server that reads each POST body fully and answers 200 with a small fixed JSON body.
import { createServer } from 'node:http';

const [host = '127.0.0.1', portArg = '0'] = process.argv.slice(2);
const reply = Buffer.from('{"KeyId":"bare","ok":true}');
const headers = { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(reply.length) };

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(reply);
  });
});

server.listen(Number(portArg), host, () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') process.stdout.write(`listening ${addr.address}:${addr.port}\n`);
});

const shutdown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
