import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { AddKnowledgeBulkInput } from '../../application/add-knowledge.js';
import type { FieldIssue } from '../../domain/errors.js';
import { decode } from '../../domain/validation.js';
import { UsageError, withAssistant, type CliCommand, type CommandContext } from '../cli-command.js';
import { readFaqFile, type FaqFileRow } from '../faq-file.js';
import { decodeTextFile, encodingName, unknownEncodingMessage } from '../file-encoding.js';
import { createProgressBar } from '../progress-bar.js';

/** Entries per addKnowledgeBulk call: each call embeds in batches, then inserts in one transaction. */
const CHUNK = 500;

/** `entries.3.question: must not be empty` → line of row 3, `question: must not be empty`. */
const locate = (rows: ReadonlyArray<FaqFileRow>, issue: FieldIssue): { line: number | null; message: string } => {
  const match = /^entries\.(\d+)(?:\.(.*))?$/.exec(issue.path);
  if (!match) return { line: null, message: issue.path ? `${issue.path}: ${issue.message}` : issue.message };
  const row = rows[Number(match[1])];
  return { line: row?.line ?? null, message: match[2] ? `${match[2]}: ${issue.message}` : issue.message };
};

const report = (
  context: CommandContext,
  file: string,
  problems: ReadonlyArray<{ line: number | null; message: string }>,
) => {
  for (const p of problems) context.err(`${file}${p.line === null ? '' : `:${p.line}`}: ${p.message}`);
  context.err(`Nothing was imported: ${problems.length} problem(s) in ${file}.`);
};

export const importFaqCommand: CliCommand = {
  arguments: 'FILE',
  summary:
    'import FAQ entries from .csv (header question,answer,category,keywords,priority) or .json (array of the same objects)',
  options: {
    'dry-run': { type: 'boolean', description: 'check the file and report problems; import nothing' },
    encoding: {
      type: 'string',
      description:
        "the file's character encoding when it is not UTF-8: windows-1251 for CSV saved by Excel in a Russian locale (a BOM always wins)",
    },
  },
  writes: true,
  run: async (context) => {
    const [file, ...extra] = context.args.positionals;
    if (!file || extra.length > 0) throw new UsageError('import-faq takes exactly one FILE');
    const encoding = context.args.options.encoding;
    if (typeof encoding === 'string' && encodingName(encoding) === null)
      throw new UsageError(`--encoding: ${unknownEncodingMessage(encoding)}`);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      context.err(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    const decoded = decodeTextFile(bytes, typeof encoding === 'string' ? encoding : undefined);
    if (!decoded.ok) {
      report(context, file, [{ line: null, message: decoded.message }]);
      return 1;
    }
    const read = readFaqFile(file, decoded.text);
    if (!read.ok) {
      report(context, file, read.problems);
      return 1;
    }
    // Every row is checked before the first is written: the import is in chunks
    // (separate transactions), and a bad row late in the file must not leave half of it in.
    const checked = decode(AddKnowledgeBulkInput, { entries: read.rows.map((r) => r.entry) });
    if (E.isLeft(checked)) {
      report(
        context,
        file,
        checked.left.issues.map((issue) => locate(read.rows, issue)),
      );
      return 1;
    }
    const entries = checked.right.entries;
    if (context.args.options['dry-run']) {
      context.out(`${file}: ${entries.length} valid FAQ entries; nothing imported (--dry-run).`);
      return 0;
    }
    if (entries.length === 0) {
      context.out(`${file} has no entries; nothing imported.`);
      return 0;
    }
    return withAssistant(context, async (assistant) => {
      const bar = createProgressBar(context.io.stderr, 'importing');
      let imported = 0;
      let withoutVector = 0;
      bar.update(0, entries.length);
      try {
        for (let i = 0; i < entries.length; i += CHUNK) {
          const added = await assistant.addKnowledgeBulk({ entries: entries.slice(i, i + CHUNK) });
          imported += added.length;
          withoutVector += added.filter((e) => e.embeddingModel === null).length;
          bar.update(imported, entries.length);
        }
      } finally {
        bar.finish();
        if (imported < entries.length && imported > 0)
          context.err(`${imported} of ${entries.length} entries were imported before the failure.`);
      }
      context.out(`Imported ${imported} FAQ entries from ${file}.`);
      if (withoutVector > 0) {
        const check = await assistant.checkEmbedder();
        if (check.configured !== null)
          context.err(
            `${withoutVector} entries were stored without a vector (the embedder failed): run \`web-assistant reembed\` when it is back.`,
          );
      }
      return 0;
    });
  },
};
