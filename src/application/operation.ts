import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';

declare const inputType: unique symbol;

/**
 * A use-case as the one list (`makeUseCases`) declares it: a function of `unknown` input,
 * which it validates with its io-ts codec, returning a TaskEither. `I` is the decoded
 * input type, carried in the type only: the Promise facade and the host's input port are
 * derived from it, so typed callers get `I` and request data passes through as it is.
 */
export type Operation<F, I> = F & { readonly [inputType]?: I };

type AnyRun = (input: unknown, ...rest: never[]) => TaskEither<unknown, unknown>;

/** Declares a use-case together with the codec that validates its input. */
export const withInput =
  <C extends t.Any>(_codec: C) =>
  <F extends AnyRun>(run: F): Operation<F, t.TypeOf<C>> =>
    run;

/** Declares a use-case that takes no input. */
export const withoutInput = <F extends () => TaskEither<unknown, unknown>>(run: F): Operation<F, void> => run;

/** `typed`: the operation's decoded input type; `unchecked`: `unknown`, validated by the operation. */
type InputMode = 'typed' | 'unchecked';
type Param<I, M extends InputMode> = M extends 'typed' ? I : unknown;
/** Whether an input of no fields at all is valid (every field optional), i.e. the input may be left out. */
type AllOptional<I> = Record<never, never> extends I ? true : false;

type PromiseMethod<O, M extends InputMode> =
  O extends Operation<(input: unknown, ...rest: infer R) => TaskEither<unknown, infer A>, infer I>
    ? [I] extends [void]
      ? () => Promise<A>
      : R extends []
        ? AllOptional<I> extends true
          ? (input?: Param<I, M>) => Promise<A>
          : (input: Param<I, M>) => Promise<A>
        : AllOptional<I> extends true
          ? (input?: Param<I, M>, ...rest: R) => Promise<A>
          : (input: Param<I, M>, ...rest: R) => Promise<A>
    : never;

/**
 * Every operation as a Promise method taking its typed input, resolving with the Right
 * value and rejecting with the Left: the facade's methods.
 */
export type PromiseOperations<U> = { readonly [K in keyof U]: PromiseMethod<U[K], 'typed'> };

/**
 * Every operation as a Promise method taking `unknown` input: what a driving adapter
 * (the HTTP host) calls with request data, since each operation validates its input
 * itself and names the offending field.
 */
export type UncheckedOperations<U> = { readonly [K in keyof U]: PromiseMethod<U[K], 'unchecked'> };
