package dev.atrium.web.management;

/**
 * A Management API failure, answered as {@code {"statusCode","error","message","errorCode"}}
 * (api-contract.md §B.2.2). {@code errorCode} is optional, as some of Auth0's own errors omit it.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String errorCode;

    public ApiException(int status, String message, String errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message, "invalid_body");
    }

    public static ApiException invalidQuery(String message) {
        return new ApiException(400, message, "invalid_query_string");
    }

    public static ApiException notFound(String message, String errorCode) {
        return new ApiException(404, message, errorCode);
    }

    public static ApiException conflict(String message, String errorCode) {
        return new ApiException(409, message, errorCode);
    }

    public static ApiException forbidden(String message, String errorCode) {
        return new ApiException(403, message, errorCode);
    }

    /** The HTTP reason phrase Auth0 puts in {@code error}. */
    public static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
