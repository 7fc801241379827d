package fi.mokadesk.web;

import fi.mokadesk.conversation.TryAgainLater;
import fi.mokadesk.database.DatabaseUnavailable;
import fi.mokadesk.kernel.AccessDeniedProblem;
import fi.mokadesk.kernel.ApiErrors;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.DatabindException;

/** Every API error is a JSON body with a reason (and the field, when one is to blame), never a bare 500. */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidInput e) {
        log.info("Rejected API input: {}", e.getMessage());
        return answer(HttpStatus.BAD_REQUEST, "invalid", e.field(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        String field = null;
        if (e.getCause() instanceof DatabindException databind
                && !databind.getPath().isEmpty()) {
            field = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("."));
        }
        log.info("Rejected unreadable API body: {}", e.getMessage());
        String message =
                field == null ? "the body is not valid JSON of the expected shape" : field + " has the wrong type";
        return answer(HttpStatus.BAD_REQUEST, "invalid", field, message);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        log.info("Rejected API parameter {}: {}", e.getName(), e.getMessage());
        return answer(
                HttpStatus.BAD_REQUEST, "invalid", e.getName(), e.getName() + " " + expected(e.getRequiredType()));
    }

    /** Query parameters bound to a record (the inbox filter): the first field of the wrong type is named. */
    @ExceptionHandler(BindException.class)
    ResponseEntity<Map<String, Object>> binding(BindException e) {
        FieldError error = e.getFieldError();
        if (error == null) return answer(HttpStatus.BAD_REQUEST, "invalid", null, "the parameters are not valid");
        log.info("Rejected API parameter {}: {}", error.getField(), error.getRejectedValue());
        return answer(
                HttpStatus.BAD_REQUEST,
                "invalid",
                error.getField(),
                error.getField() + " " + expected(e.getFieldType(error.getField())));
    }

    static String expected(Class<?> type) {
        if (type == null) return "is not valid";
        if (type == Boolean.class || type == boolean.class) return "must be true or false";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number in range";
        }
        if (type == java.util.UUID.class) return "must be an id (UUID)";
        return "is not valid";
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
        return answer(HttpStatus.BAD_REQUEST, "invalid", e.getParameterName(), e.getParameterName() + " is required");
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Map<String, Object>> notFound(NotFound e) {
        return answer(HttpStatus.NOT_FOUND, "not_found", null, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noSuchPath(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, "not_found", null, "no such API path");
    }

    @ExceptionHandler(AccessDeniedProblem.class)
    ResponseEntity<Map<String, Object>> denied(AccessDeniedProblem e) {
        return answer(HttpStatus.FORBIDDEN, "forbidden", null, e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                null,
                "send Content-Type: application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", null, e.getMessage());
    }

    @ExceptionHandler(RequestTooLarge.class)
    ResponseEntity<Map<String, Object>> tooLarge(RequestTooLarge e) {
        return answer(HttpStatus.CONTENT_TOO_LARGE, "too_large", null, e.getMessage());
    }

    @ExceptionHandler(TryAgainLater.class)
    ResponseEntity<Map<String, Object>> busy(TryAgainLater e) {
        log.warn("Ingest refused: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Retry-After", Integer.toString(e.retryAfterSeconds()))
                .body(ApiErrors.body("try_again", null, e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        if (e.getCause() instanceof RequestTooLarge tooLarge) return tooLarge(tooLarge);
        if (DatabaseUnavailable.explains(e)) {
            DatabaseOutageFilter.logRefused(request, e);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                    .body(ApiErrors.body("unavailable", null, DatabaseOutageFilter.API_MESSAGE));
        }
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) return clientError(e, known);
        log.error("API call failed", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal", null, "something went wrong; nothing was changed");
    }

    /** Spring's own 4xx answers (an unacceptable Accept header, a missing body…), in our error shape. */
    private static ResponseEntity<Map<String, Object>> clientError(Exception e, ErrorResponse known) {
        int status = known.getStatusCode().value();
        String error = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            default -> "invalid";
        };
        String detail = known.getBody().getDetail();
        log.info("Rejected API request ({}): {}", status, e.getMessage());
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body(error, null, detail != null ? detail : "the request is not valid"));
    }

    private static ResponseEntity<Map<String, Object>> answer(
            HttpStatus status, String error, String field, String message) {
        // The type is set here so the error reaches clients whatever their Accept header asked for.
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body(error, field, message));
    }
}
