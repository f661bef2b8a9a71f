/**
 * An error answer from an emulated endpoint. Thrown from a handler (or a store), it becomes the standard
 * Databricks error body `{"error_code": …, "message": …}` (reference §1.3; databricks-sdk-go
 * apierr/errors.go).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** A string such as RESOURCE_DOES_NOT_EXIST; a number only to reproduce the invalid-token quirk. */
    readonly errorCode: string | number,
    message: string,
    readonly options: { details?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): Record<string, unknown> {
    return { error_code: this.errorCode, message: this.message, details: this.options.details };
  }

  /** 400 INVALID_PARAMETER_VALUE, the usual answer to a bad or missing field. */
  static invalidParameter(message: string): ApiError {
    return new ApiError(400, 'INVALID_PARAMETER_VALUE', message);
  }

  static missingField(name: string): ApiError {
    return ApiError.invalidParameter(`Missing required field: ${name}`);
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);
  }

  /** 400, not 409: production answers RESOURCE_ALREADY_EXISTS with 400 (databricks/cli#3386, §1.4). */
  static alreadyExists(message: string): ApiError {
    return new ApiError(400, 'RESOURCE_ALREADY_EXISTS', message);
  }
}
