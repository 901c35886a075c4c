package dev.camelpayme.app;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The body of every error answer of the application's HTTP listeners (the API and the notification listener):
 * {@code {"error":"<what was wrong>","status":N}}, a fixed text per case, never anything the request carried (no path,
 * no value, no exception text).
 */
public final class ErrorBody {

    public static final String CONTENT_TYPE = "application/json";

    private ErrorBody() {
    }

    /** The body for {@code status} with the text the API's own refusals use. */
    public static String of(int status) {
        return of(status, explanation(status));
    }

    public static String of(int status, String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("status", status);
        return PaymeJson.write(body);
    }

    /** What a status means for a caller of the API, and what to do about it where there is something to do. */
    static String explanation(int status) {
        return switch (status) {
            case 400 -> "Bad Request: the request is not well-formed (a malformed header or %-escape, say)";
            case 401 -> "Unauthorized: send the credentials of a user of this listener (HTTP Basic)";
            case 403 -> "Forbidden: this user does not have the role this operation needs";
            case 404 -> "Not Found: nothing is served at this path";
            case 405 -> "Method Not Allowed: the Allow header lists the methods this path takes";
            case 406 -> "Not Acceptable: the answers are application/json";
            case 408 -> "Request Timeout: the request did not arrive in time";
            case 413 -> "Payload Too Large: the body is larger than this listener takes";
            case 415 -> "Unsupported Media Type: send the body as Content-Type: application/json";
            case 500 -> "Internal Server Error: the request could not be processed";
            case 503 -> "Service Unavailable: the application is starting, stopping or without its store; try again";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
    }
}
