import * as t from 'io-ts';

/**
 * A retrieval evaluation set:
 * `{"faq":[{"id","question","answer","category","keywords"}], "queries":[{"text","expected","kind"}], "out_of_scope":["..."]}`.
 * Several FAQ entries may share an `id` (Banking77: one entry per training utterance, id = intent);
 * a query is answered right when the entry found carries its `expected` id.
 */
const optionalText = t.union([t.string, t.null, t.undefined]);
export const EvalSet = t.type({
  faq: t.array(
    t.intersection([
      t.type({ id: t.string, question: t.string, answer: t.string }),
      t.partial({ category: optionalText, keywords: optionalText }),
    ]),
  ),
  queries: t.array(t.intersection([t.type({ text: t.string, expected: t.string }), t.partial({ kind: t.string })])),
  out_of_scope: t.array(t.string),
});
export type EvalSet = t.TypeOf<typeof EvalSet>;
