/**
 * The envelope every API call returns, over IPC and over the loopback bridge alike.
 * Errors carry a stable code for programs and a message for people; never a stack trace.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_CHANNEL'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'DATABASE'
  | 'UPSTREAM'
  | 'CANCELLED'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by the core when it wants a specific code and message to reach the caller. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
