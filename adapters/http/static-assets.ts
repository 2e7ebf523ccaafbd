import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { PAGE_SCHEMAS } from './route-schemas.js';

/**
 * The widget and the demo page are plain files served as they are. From source they sit
 * beside this module; from `dist/` (tsc copies no .js/.html) they are found back in the
 * source tree.
 */
const assetDirectory = (): string => {
  const candidates = [
    new URL('./widget/', import.meta.url),
    new URL('../../../adapters/http/widget/', import.meta.url),
  ];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}widget.js`)) return dir;
  }
  throw new Error('adapters/http/widget/widget.js not found');
};

const ASSETS = [
  {
    route: '/widget.js',
    file: 'widget.js',
    type: 'text/javascript; charset=utf-8',
    crossOrigin: true,
    schema: PAGE_SCHEMAS.widget,
  },
  {
    route: '/',
    file: 'demo-shop.html',
    type: 'text/html; charset=utf-8',
    crossOrigin: false,
    schema: PAGE_SCHEMAS.demo,
  },
  {
    route: '/demo-shop.css',
    file: 'demo-shop.css',
    type: 'text/css; charset=utf-8',
    crossOrigin: false,
    schema: PAGE_SCHEMAS.css,
  },
] as const;

let version: string | null = null;

/** This package's version, for the OpenAPI document: package.json is two levels up from source, three from dist/. */
export const packageVersion = (): string => {
  if (version !== null) return version;
  for (const url of [
    new URL('../../package.json', import.meta.url),
    new URL('../../../package.json', import.meta.url),
  ]) {
    const file = fileURLToPath(url);
    if (!existsSync(file)) continue;
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') {
      version = parsed.version;
      return version;
    }
  }
  version = '0.0.0';
  return version;
};

/** Serves /widget.js (embeddable from any site) and the demo shop page. */
export const registerStaticAssets = async (app: FastifyInstance): Promise<void> => {
  const dir = assetDirectory();
  // browsers ask for it on every page; an empty answer keeps the log free of 404s
  app.get('/favicon.ico', { schema: PAGE_SCHEMAS.favicon }, async (_req, reply) => reply.code(204).send());
  for (const asset of ASSETS) {
    const body = await readFile(`${dir}${asset.file}`);
    app.get(asset.route, { schema: asset.schema }, async (_req, reply) => {
      reply.type(asset.type).header('Cache-Control', 'public, max-age=300');
      // shops load the widget from another origin; helmet's default same-origin policy would block it
      if (asset.crossOrigin) reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
      return reply.send(body);
    });
  }
};
