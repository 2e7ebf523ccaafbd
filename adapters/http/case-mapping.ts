import { HttpProblem } from './http-problem.js';

/**
 * The API speaks snake_case (the specification's field names); the facade speaks
 * camelCase. Keys are converted at the edge, both ways, and nothing else is touched.
 */

export const snakeToCamel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export const camelToSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Deep copy of a JSON body with snake_case keys turned camelCase (arrays and nested objects
 * too). Recursive, which is safe because bodies reach it at most MAX_JSON_DEPTH deep
 * (json-body.ts refuses deeper ones before parsing).
 */
export const camelizeKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // a "__proto__" key in JSON must stay data, never become the copy's prototype
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[snakeToCamel(k)] = camelizeKeys(v);
  }
  return out;
};

/**
 * A facade field path (`entries.3.isActive`) in the API's spelling (`entries.3.is_active`).
 * Only camelCase segments are converted: a key the caller sent in another spelling
 * (`business_hours.Monday`) comes back as sent.
 */
export const snakePath = (path: string): string =>
  path
    .split('.')
    .map((segment) => (/^[a-z]/.test(segment) ? camelToSnake(segment) : segment))
    .join('.');

/**
 * The body as an object in camelCase; no body at all is an empty one (the facade then names
 * what is missing). JSON that is not an object (`null`, an array, a string) is a 400: taken
 * as empty it would make a PUT or PATCH succeed without doing anything.
 */
export const bodyObject = (body: unknown): Record<string, unknown> => {
  if (body === undefined) return {};
  const camel = camelizeKeys(body);
  if (!isPlainObject(camel)) throw new HttpProblem(400, 'BadRequest', 'the body must be a JSON object');
  return camel;
};

/** A query-string integer as a number; anything else is passed on so the facade reports it with its path. */
export const intParam = (raw: unknown): unknown => {
  if (raw === undefined || raw === '') return undefined;
  return typeof raw === 'string' && /^-?\d{1,10}$/.test(raw) ? Number(raw) : raw;
};

/** A query-string boolean (`true`/`false`/`1`/`0`); anything else is passed on for the facade to reject. */
export const boolParam = (raw: unknown): unknown => {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return raw;
};
