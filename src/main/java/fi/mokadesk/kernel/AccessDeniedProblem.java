package fi.mokadesk.kernel;

/** The current person or token lacks the role for what was asked (HTTP 403). */
public class AccessDeniedProblem extends RuntimeException {
    public AccessDeniedProblem(String message) {
        super(message);
    }
}
