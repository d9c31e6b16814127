package be.belfort.model;

/** A failure that the API reports to the client as an NGSI-LD problem-details answer. */
public class NgsiLdException extends RuntimeException {
    private final ErrorType type;

    public NgsiLdException(ErrorType type, String detail) {
        super(detail);
        this.type = type;
    }

    public NgsiLdException(ErrorType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public static NgsiLdException badData(String detail) {
        return new NgsiLdException(ErrorType.BAD_REQUEST_DATA, detail);
    }

    public static NgsiLdException invalidRequest(String detail) {
        return new NgsiLdException(ErrorType.INVALID_REQUEST, detail);
    }

    public static NgsiLdException notFound(String detail) {
        return new NgsiLdException(ErrorType.RESOURCE_NOT_FOUND, detail);
    }
}
