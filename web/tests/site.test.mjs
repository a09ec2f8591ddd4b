// The local server's site over HTTP: what it serves, with which headers, and what it never does.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { BOARD_URL } from './harness.mjs';

/** A GET with the path sent exactly as written (no `..` folding, unlike fetch). */
function rawGet(path, headers = {}) {
  const { hostname, port } = new URL(BOARD_URL);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the board, its assets and /docs are served with their content types and cache headers', async () => {
  const page = await rawGet('/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /<meta name="deals-dev-token" content="ey[\w-]+\.[\w-]+\.[\w-]+">/);
  const script = await rawGet('/board/app.js');
  assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(script.headers['cache-control'], 'no-cache');
  const docs = await rawGet('/docs');
  assert.equal(docs.status, 200);
  assert.match(docs.body, /swagger-ui-bundle\.js/);
  const bundle = await rawGet('/docs/swagger-ui/swagger-ui-bundle.js');
  assert.equal(bundle.status, 200);
  assert.match(bundle.headers['cache-control'], /max-age=/);
});

test('no path leaves web/, and unknown files are the API\'s 404', async () => {
  for (const path of ['/board/../../Cargo.toml', '/board/%2e%2e/%2e%2e/Cargo.toml', '/board/..%2f..%2fCargo.toml', '/docs/../Makefile', '/board/.hidden.js', '/board/nothing.js', '/docs/swagger-ui/../../package.json']) {
    const answer = await rawGet(path);
    assert.equal(answer.status, 404, path);
    assert.equal(JSON.parse(answer.body).error.code, 'NOT_FOUND', path);
  }
});

test('the pages are never offered to other origins, while the API is (CORS_ALLOWED_ORIGINS)', async () => {
  const origin = `http://127.0.0.1:${process.env.STATIC_PORT}`;
  const page = await rawGet('/', { Origin: origin });
  assert.equal(page.headers['access-control-allow-origin'], undefined);
  const api = await rawGet('/openapi.json', { Origin: origin });
  assert.equal(api.headers['access-control-allow-origin'], origin);
});
