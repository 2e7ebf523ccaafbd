/**
 * The OpenAPI document the host generates from its route schemas: a valid OpenAPI 3.1
 * document, whose schemas are valid JSON Schema, that names exactly the routes
 * docs/http-api.md documents (so the two never disagree), and whose answer schemas are
 * what the routes really send.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderApiReference } from '../../adapters/http/api-reference-page.js';
import { admin, call, hostForSuite, startChat } from './http-harness.js';

const root = resolve(import.meta.dirname, '../..');
const suite = hostForSuite();

type Json = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const fetchDocument = async (): Promise<Json> => {
  const res = await call(suite.base, 'GET', '/openapi.json');
  expect(res.status).toBe(200);
  return res.body;
};

const operationsOf = (doc: Json): Map<string, Json> => {
  const out = new Map<string, Json>();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
    for (const method of METHODS) if (item[method]) out.set(`${method.toUpperCase()} ${path}`, item[method] as Json);
  return out;
};

/**
 * Routes as docs/http-api.md writes them, in a heading (### `POST /api/chat/start`) or in
 * the first cell of a table row (| `GET /api/admin/faq` |), in OpenAPI's spelling:
 * `:id` becomes `{id}` and a query string is dropped.
 */
export const documentedRoutes = (markdown: string): Set<string> => {
  const found = new Set<string>();
  const re = /^(?:###\s+|\|\s*)`(GET|POST|PUT|PATCH|DELETE) (\/[^`?\s]*)[^`]*`/gm;
  for (const m of markdown.matchAll(re)) {
    const path = (m[2] ?? '').replace(/:(\w+)/g, '{$1}');
    found.add(`${m[1]} ${path}`);
  }
  return found;
};

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // and the validator does refuse a broken one
    const broken = { ...doc, info: undefined, paths: { '/x': { get: { responses: { 200: { schema: 1 } } } } } };
    expect((await new Validator().validate(JSON.parse(JSON.stringify(broken)) as Json)).valid).toBe(false);
  });

  it('every schema in it compiles as JSON Schema 2020-12, every $ref resolves', async () => {
    const doc = await fetchDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('uuid', true).addFormat('date-time', true);
    const components = (doc.components as Json).schemas as Record<string, Json>;
    for (const [name, schema] of Object.entries(components)) ajv.addSchema(schema, `#/components/schemas/${name}`);
    const refs = JSON.stringify(doc.paths).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs)
      expect(Object.keys(components)).toContain(ref.slice('"$ref":"#/components/schemas/'.length, -1));
    let compiled = 0;
    const visit = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Json;
      if (record.schema && typeof record.schema === 'object') {
        const schema = record.schema as Json;
        if (!JSON.stringify(schema).includes('$ref')) {
          ajv.compile(schema);
          compiled++;
        }
      }
      for (const value of Object.values(record)) visit(value);
    };
    visit(doc.paths);
    expect(compiled).toBeGreaterThan(40);
  });

  it('names exactly the routes docs/http-api.md documents, with their methods', async () => {
    const doc = await fetchDocument();
    const generated = new Set(operationsOf(doc).keys());
    const documented = documentedRoutes(readFileSync(resolve(root, 'docs/http-api.md'), 'utf8'));
    expect([...documented].filter((r) => !generated.has(r)).sort()).toEqual([]);
    expect([...generated].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect(generated.size).toBeGreaterThan(25);
  });

  it('the documented-route reader finds headings and table cells, in OpenAPI spelling', () => {
    const routes = documentedRoutes(
      '### `GET /api/chat/history?session_uuid=`\n| `PATCH /api/admin/faq/:id` | x |\nsee `POST /nowhere` in a sentence\n',
    );
    expect([...routes]).toEqual(['GET /api/chat/history', 'PATCH /api/admin/faq/{id}']);
  });

  it('every operation has a summary, a tag and its answers; the secured ones say which token', async () => {
    const doc = await fetchDocument();
    for (const [name, operation] of operationsOf(doc)) {
      expect(typeof operation.summary, name).toBe('string');
      expect(Array.isArray(operation.tags), name).toBe(true);
      expect(Object.keys(operation.responses as Json).length, name).toBeGreaterThan(0);
      if (name.includes('/api/admin/')) expect(operation.security, name).toEqual([{ adminToken: [] }]);
    }
    const message = operationsOf(doc).get('POST /api/chat/message');
    expect(Object.keys(message?.responses as Json)).toEqual(
      expect.arrayContaining(['200', '400', '403', '404', '409', '429']),
    );
  });

  it('answers validate against their schemas (a chat, the admin API, the operations endpoints)', async () => {
    const doc = await fetchDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('uuid', true).addFormat('date-time', true);
    ajv.addSchema((doc.components as Json).schemas as Json, '#/components/schemas');
    const components = (doc.components as Json).schemas as Record<string, Json>;
    const resolveRefs = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(resolveRefs);
      if (typeof node !== 'object' || node === null) return node;
      const record = node as Json;
      if (typeof record.$ref === 'string') return resolveRefs(components[record.$ref.split('/').pop() ?? '']);
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolveRefs(v)]));
    };
    const operations = operationsOf(doc);
    const check = async (method: string, path: string, template: string, status: number, options = {}) => {
      const res = await call(suite.base, method, path, options);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
      const responses = operations.get(`${method} ${template}`)?.responses as Record<string, Json>;
      const schema = resolveRefs((responses[String(status)]?.content as Json)['application/json']);
      const validate = ajv.compile((schema as Json).schema as Json);
      expect(validate(res.body), `${method} ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      return res;
    };
    const chat = await startChat(suite.base);
    await check('POST', '/api/chat/message', '/api/chat/message', 200, {
      headers: chat.headers,
      body: { session_uuid: chat.sessionUuid, message: 'Как оформить заказ?' },
    });
    await check('GET', `/api/chat/history?session_uuid=${chat.sessionUuid}`, '/api/chat/history', 200, {
      headers: chat.headers,
    });
    await check('GET', '/api/faq/search?q=доставка', '/api/faq/search', 200);
    await check('GET', '/api/widget/default', '/api/widget/{name}', 200);
    await check('GET', '/api/widget/nope', '/api/widget/{name}', 404);
    await check('POST', '/api/chat/message', '/api/chat/message', 400, {
      headers: chat.headers,
      body: { session_uuid: chat.sessionUuid, message: 5 },
    });
    await check('GET', '/api/admin/faq', '/api/admin/faq', 200, { headers: admin });
    await check('GET', '/api/admin/widget', '/api/admin/widget', 200, { headers: admin });
    await check('GET', '/api/admin/context', '/api/admin/context', 200, { headers: admin });
    await check('GET', '/api/admin/faq/stats', '/api/admin/faq/stats', 200, { headers: admin });
    await check('GET', '/api/admin/sessions/active', '/api/admin/sessions/active', 200, { headers: admin });
    await check(
      'GET',
      `/api/admin/sessions/${chat.sessionUuid}/analytics`,
      '/api/admin/sessions/{uuid}/analytics',
      200,
      { headers: admin },
    );
    await check('POST', '/api/chat/end', '/api/chat/end', 200, {
      headers: chat.headers,
      body: { session_uuid: chat.sessionUuid, rating: 5 },
    });
    await check('GET', '/health', '/health', 200);
    await check('GET', '/ready', '/ready', 200);
    await check('GET', '/api/admin/faq', '/api/admin/faq', 401);
  });

  it('the browsable page lists every operation and needs no script or inline style', async () => {
    const res = await fetch(`${suite.base}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).not.toMatch(/<script|<style|style=/i);
    const doc = await fetchDocument();
    for (const name of operationsOf(doc).keys()) expect(html).toContain(`<code>${name}</code>`);
    // the CSP is the host's own, unchanged
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('the page escapes what the document says', () => {
    const html = renderApiReference({
      info: { title: '<b>x</b>', version: '1' },
      paths: { '/a': { get: { summary: '<img src=x onerror=alert(1)>', responses: {} } } },
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
