/**
 * GET /docs: the OpenAPI document as one plain HTML page, rendered on the server. No
 * script and no inline style, so the host's Content-Security-Policy (`'self'` only)
 * holds as it is. (@fastify/swagger-ui would need @fastify/static, whose dependencies
 * require Node 22: docs/adr/0017.)
 */

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `code` spans of the Markdown-ish descriptions, the only markup they use. */
const inline = (s: string): string => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const schemaBlock = (schema: unknown): string =>
  schema === undefined
    ? ''
    : `<details><summary>schema</summary><pre>${escape(JSON.stringify(schema, null, 2))}</pre></details>`;

const parameters = (operation: Json): string => {
  const params = Array.isArray(operation.parameters) ? operation.parameters.filter(isRecord) : [];
  if (params.length === 0) return '';
  const rows = params
    .map((p) => {
      const schema = isRecord(p.schema) ? p.schema : {};
      const description = textOf(p.description) || textOf(schema.description);
      return `<tr><td><code>${escape(textOf(p.name))}</code></td><td>${escape(textOf(p.in))}</td><td>${p.required === true ? 'yes' : ''}</td><td>${escape(JSON.stringify(schema.type ?? ''))}</td><td>${inline(description)}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
};

const contentSchemas = (holder: unknown): string => {
  if (!isRecord(holder) || !isRecord(holder.content)) return '';
  return Object.entries(holder.content)
    .map(
      ([type, media]) =>
        `<p><code>${escape(type)}</code></p>${schemaBlock(isRecord(media) ? media.schema : undefined)}`,
    )
    .join('');
};

const responses = (operation: Json): string => {
  if (!isRecord(operation.responses)) return '';
  const items = Object.entries(operation.responses)
    .map(([status, response]) => {
      const description = isRecord(response) ? textOf(response.description) : '';
      return `<li><strong>${escape(status)}</strong> ${inline(description)}${contentSchemas(response)}</li>`;
    })
    .join('');
  return `<h4>Answers</h4><ul>${items}</ul>`;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export const renderApiReference = (document: unknown): string => {
  const doc = isRecord(document) ? document : {};
  const info = isRecord(doc.info) ? doc.info : {};
  const paths = isRecord(doc.paths) ? doc.paths : {};
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const tag = Array.isArray(operation.tags) ? textOf(operation.tags[0]) || 'other' : 'other';
      const security = Array.isArray(operation.security)
        ? `<p>Needs: ${operation.security
            .filter(isRecord)
            .map((s) => Object.keys(s).map((k) => `<code>${escape(k)}</code>`))
            .join(' or ')}</p>`
        : '';
      const body = isRecord(operation.requestBody) ? `<h4>Body</h4>${contentSchemas(operation.requestBody)}` : '';
      const section =
        `<section id="${escape(`${method}-${path}`)}"><h3><code>${method.toUpperCase()} ${escape(path)}</code></h3>` +
        `<p>${inline(textOf(operation.summary))}</p>${operation.description ? `<p>${inline(textOf(operation.description))}</p>` : ''}` +
        `${security}${parameters(operation)}${body}${responses(operation)}</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), section]);
    }
  }
  const toc = [...byTag.keys()].map((tag) => `<li><a href="#tag-${escape(tag)}">${escape(tag)}</a></li>`).join('');
  const sections = [...byTag.entries()]
    .map(([tag, items]) => `<h2 id="tag-${escape(tag)}">${escape(tag)}</h2>${items.join('')}`)
    .join('');
  const title = escape(textOf(info.title) || 'API');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${title}</title></head><body><h1>${title} ${escape(textOf(info.version))}</h1>` +
    `<p>${inline(textOf(info.description))}</p><p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>.</p>` +
    `<ul>${toc}</ul>${sections}</body></html>`
  );
};
