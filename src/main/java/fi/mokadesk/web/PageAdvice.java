package fi.mokadesk.web;

import fi.mokadesk.kernel.AccessDeniedProblem;
import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.kernel.NotFound;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Friendly error pages. Who is signed in where (for the navigation) reaches the pages as the request
 * attribute {@code access}, set where the access is decided: a model attribute here would be worked out for
 * every API request too (a {@code @RestController} is a {@code @Controller}), which costs the ingest API a
 * few percent of its CPU.
 */
@ControllerAdvice(annotations = Controller.class)
class PageAdvice {

    private static final Logger log = LoggerFactory.getLogger(PageAdvice.class);

    @ExceptionHandler(AccessDeniedProblem.class)
    String denied(AccessDeniedProblem e, HttpServletResponse response, Model model) {
        return error(403, e.getMessage(), response, model);
    }

    @ExceptionHandler(NotFound.class)
    String notFound(Exception e, HttpServletResponse response, Model model) {
        return error(404, null, response, model);
    }

    /** A path that names no valid id finds nothing (404); a form or query value of the wrong type is a 400. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String mismatch(MethodArgumentTypeMismatchException e, HttpServletResponse response, Model model) {
        if (e.getParameter().hasParameterAnnotation(PathVariable.class)) return error(404, null, response, model);
        return error(400, e.getName() + " " + ApiExceptionHandler.expected(e.getRequiredType()), response, model);
    }

    @ExceptionHandler(InvalidInput.class)
    String invalid(InvalidInput e, HttpServletResponse response, Model model) {
        return error(400, e.getMessage(), response, model);
    }

    private static String error(int status, String reason, HttpServletResponse response, Model model) {
        log.info("Page answered {}: {}", status, reason);
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("reason", reason);
        return "error";
    }
}
