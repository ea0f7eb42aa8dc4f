// The Node upstream of the gateway tests: node app.js PORT. Orders live in the JSON-lines file named by
// $ORDERS_DB, the app's own storage that the tests read back. Uploads and downloads are streamed.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const crypto = require('node:crypto');

const file = process.env.ORDERS_DB;

function readOrders() {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

function json(res, status, document) {
  const body = JSON.stringify(document);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req, done) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => done(Buffer.concat(chunks)));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://upstream');
  const path = url.pathname;
  if (req.method === 'GET' && path === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><h1>Orders</h1><p>served by node</p>\n');
  } else if (req.method === 'GET' && path === '/api/orders') {
    json(res, 200, { orders: readOrders() });
  } else if (req.method === 'POST' && path === '/api/orders') {
    readBody(req, (raw) => {
      let body;
      try { body = JSON.parse(raw.toString('utf8')); } catch (e) { body = null; }
      if (!body || typeof body.item !== 'string') return json(res, 400, { error: 'the body must be JSON with an item' });
      const key = req.headers['idempotency-key'] || null;
      const orders = readOrders();
      const found = key && orders.find((o) => o.key === key);
      if (found) return json(res, 200, { id: found.id, duplicate: true });
      const order = { id: orders.length + 1, item: body.item, key, replay: req.headers['x-maintenance4j-replay'] || null };
      fs.appendFileSync(file, JSON.stringify(order) + '\n');
      json(res, 201, { id: order.id });
    });
  } else if (req.method === 'GET' && path === '/api/stream') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    let i = 0;
    const timer = setInterval(() => {
      i += 1;
      res.write(`data: tick ${i}\n\n`);
      if (i === 5) { clearInterval(timer); res.end(); }
    }, 200);
  } else if (req.method === 'GET' && path === '/slow') {
    const ms = Number(url.searchParams.get('ms') || '1000');
    setTimeout(() => json(res, 200, { slept: ms }), ms);
  } else if (path === '/headers') {
    json(res, 200, req.headers);
  } else if (req.method === 'POST' && path === '/api/echo') {
    res.writeHead(200, { 'Content-Type': req.headers['content-type'] || 'application/octet-stream', 'X-Upstream': 'node' });
    req.pipe(res);
  } else if (req.method === 'POST' && path === '/upload') {
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk) => { bytes += chunk.length; hash.update(chunk); });
    req.on('end', () => json(res, 200, { bytes, sha256: hash.digest('hex') }));
  } else if (req.method === 'GET' && path === '/download') {
    const megabytes = Number(url.searchParams.get('mb') || '1');
    const chunk = Buffer.alloc(1 << 20);
    for (let j = 0; j < chunk.length; j++) chunk[j] = j % 251;
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    let sent = 0;
    const pump = () => {
      while (sent < megabytes) {
        sent += 1;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end();
    };
    pump();
  } else {
    const status = path.match(/^\/status\/(\d{3})$/);
    if (status) return json(res, Number(status[1]), { status: Number(status[1]) });
    json(res, 404, { error: 'no such page' });
  }
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.argv[2]), '127.0.0.1');
