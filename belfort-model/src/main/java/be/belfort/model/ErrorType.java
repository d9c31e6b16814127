package be.belfort.model;

/**
 * The NGSI-LD error types (ETSI GS CIM 009, clause 5.5.2) with the HTTP status each maps to
 * (clause 6.3.2), plus the few plain HTTP failures the API binding needs.
 */
public enum ErrorType {
    INVALID_REQUEST("InvalidRequest", 400, "Invalid request"),
    BAD_REQUEST_DATA("BadRequestData", 400, "Bad request data"),
    ALREADY_EXISTS("AlreadyExists", 409, "Already exists"),
    OPERATION_NOT_SUPPORTED("OperationNotSupported", 422, "Operation not supported"),
    RESOURCE_NOT_FOUND("ResourceNotFound", 404, "Resource not found"),
    INTERNAL_ERROR("InternalError", 500, "Internal error"),
    TOO_COMPLEX_QUERY("TooComplexQuery", 403, "Too complex query"),
    TOO_MANY_RESULTS("TooManyResults", 403, "Too many results"),
    LD_CONTEXT_NOT_AVAILABLE("LdContextNotAvailable", 504, "JSON-LD @context not available"),
    NONEXISTENT_TENANT("NonexistentTenant", 404, "Nonexistent tenant"),
    NOT_ACCEPTABLE("NotAcceptable", 406, "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415, "Unsupported media type"),
    PAYLOAD_TOO_LARGE("PayloadTooLarge", 413, "Payload too large"),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405, "Method not allowed"),
    /** No credentials, or credentials that are not valid. */
    UNAUTHORIZED("Unauthorized", 401, "Unauthorized"),
    /** Valid credentials that do not allow the operation. */
    FORBIDDEN("Forbidden", 403, "Forbidden"),
    /** A page of an event stream that retention removed (the LDES primer's 410). */
    GONE("Gone", 410, "Gone"),
    /** A client over its rate limit; the answer says when to come back (Retry-After). */
    TOO_MANY_REQUESTS("TooManyRequests", 429, "Too many requests"),
    /** The platform is too busy now (see {@link ServiceUnavailable}); the answer says when to come back. */
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "Service unavailable");

    private static final String NGSI_LD_ERRORS = "https://uri.etsi.org/ngsi-ld/errors/";

    private final String name;
    private final int status;
    private final String title;

    ErrorType(String name, int status, String title) {
        this.name = name;
        this.status = status;
        this.title = title;
    }

    /** The problem-details {@code type} URI. */
    public String uri() {
        return NGSI_LD_ERRORS + name;
    }

    public String shortName() {
        return name;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
