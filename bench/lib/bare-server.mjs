// The baseline: bare node:http answering every request with the bytes and
// headers the API sent for the same URL (read from the JSON file in argv[2]:
// { status, headers, bodyBase64 }). Prints its port.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';

const { status, headers, bodyBase64 } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const body = Buffer.from(bodyBase64, 'base64');
const server = http.createServer((_req, res) => {
  res.writeHead(status, headers);
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
