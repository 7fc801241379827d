package fi.mokadesk.web;

import java.io.IOException;

/** The request body passed the size limit (HTTP 413). */
class RequestTooLarge extends IOException {
    RequestTooLarge(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
