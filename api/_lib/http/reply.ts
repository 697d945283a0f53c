/** Returned by a handler that needs a status, headers or a body other than JSON. */
export class Reply {
  constructor(
    public readonly status: number,
    public readonly body: unknown,
    public readonly headers: Record<string, string> = {},
    public readonly raw = false,
  ) {}
}

export const created = (body: unknown) => new Reply(201, body);
