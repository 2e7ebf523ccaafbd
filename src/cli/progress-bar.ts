/** Where the bar is drawn: stderr, so stdout stays clean for piping. */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** `label [########----------------------] 120/300 40%` */
export const renderProgressBar = (label: string, done: number, total: number, width = 30): string => {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(ratio * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.floor(ratio * 100)}%`;
};

export interface ProgressBar {
  update(done: number, total: number): void;
  /** Ends the bar's line (a terminal keeps the last state on screen). */
  finish(): void;
}

/**
 * On a terminal the bar redraws in place (`\r`), only when its text changes. Into a
 * file or a pipe (CI logs) it writes a line per tenth instead, so the log stays short.
 */
export const createProgressBar = (stream: ProgressStream, label: string, width = 30): ProgressBar => {
  let drawn = '';
  let tenth = -1;
  return {
    update(done, total) {
      const text = renderProgressBar(label, done, total, width);
      if (stream.isTTY) {
        if (text !== drawn) stream.write(`\r${text}`);
        drawn = text;
        return;
      }
      const step = total > 0 ? Math.floor((Math.min(done, total) / total) * 10) : 10;
      if (step > tenth) {
        stream.write(`${text}\n`);
        tenth = step;
      }
    },
    finish() {
      if (stream.isTTY && drawn !== '') stream.write('\n');
      drawn = '';
    },
  };
};
