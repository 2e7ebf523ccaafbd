/**
 * Turns the Banking77 intent dataset (CC BY 4.0; train.csv and test.csv with columns
 * text,category) into the evaluation format: one FAQ entry per training utterance
 * (question = utterance, id = intent), every test utterance a query expecting its intent.
 *
 *   npx tsx scripts/convert-banking77.ts ../shared/eval/banking77 > /tmp/banking77.json
 *   npm run eval -- /tmp/banking77.json
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../src/cli/csv.js';

export const convertBanking77 = (trainCsv: string, testCsv: string) => {
  const rows = (csv: string) => {
    const [header, ...body] = parseCsv(csv, ',').map((record) => record.fields);
    const text = header?.indexOf('text') ?? -1;
    const category = header?.indexOf('category') ?? -1;
    if (text < 0 || category < 0) throw new Error('expected columns text,category');
    return body.filter((r) => r.length > 1).map((r) => ({ text: r[text] ?? '', intent: r[category] ?? '' }));
  };
  return {
    // the answer carries no words, so text search cannot read the intent's name from it
    faq: rows(trainCsv).map((r) => ({ id: r.intent, question: r.text, answer: '—', category: null, keywords: null })),
    queries: rows(testCsv).map((r) => ({ text: r.text, expected: r.intent, kind: 'test' })),
    out_of_scope: [] as string[],
  };
};

const folder = process.argv[2];
if (folder) {
  const set = convertBanking77(
    readFileSync(join(folder, 'train.csv'), 'utf8'),
    readFileSync(join(folder, 'test.csv'), 'utf8'),
  );
  process.stdout.write(`${JSON.stringify(set)}\n`);
} else if (process.argv[1]?.endsWith('convert-banking77.ts')) {
  process.stderr.write('usage: npx tsx scripts/convert-banking77.ts FOLDER_WITH_train.csv_AND_test.csv > out.json\n');
  process.exitCode = 2;
}
