// The backend of scenario (f): a bare node:http server answering every request with a small JSON
// body after reading the request, as a data-link backend would. Listens on PORT (127.0.0.1).
import { createServer } from 'node:http';

const body = JSON.stringify({ items: [{ id: 1, name: 'bench' }] });
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
