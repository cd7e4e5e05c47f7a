/**
 * Errors that carry an HTTP answer. Anything else that escapes a handler is unexpected:
 * the caller still gets valid TwiML, never a stack trace.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}
