/** A failure the host itself detects (bad token, missing admin token, ...), answered as JSON. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const isHttpProblem = (e: unknown): e is HttpProblem => e instanceof HttpProblem;
