/**
 * Returned by a handler that needs a status other than the descriptor's, headers, or a body
 * other than JSON. `T` is checked against the descriptor's response like a plain return.
 */
export class Reply<T = unknown> {
  constructor(
    public readonly status: number,
    public readonly body: T,
    public readonly headers: Record<string, string> = {},
    public readonly raw = false,
  ) {}
}

export const created = <T>(body: T) => new Reply(201, body);
