/**
 * One lock for the whole database. sql.js runs each statement synchronously, but callers
 * await between statements, so without this two use-cases could interleave inside one
 * open SQLite transaction.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // the next task waits for this one whether it succeeded or not
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
