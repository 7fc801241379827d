package fi.mokadesk.kernel;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The JSON error body every API error uses: {@code {"error", "field"?, "message"}}. */
public final class ApiErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiErrors() {}

    public static Map<String, Object> body(String error, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (field != null) body.put("field", field);
        body.put("message", message);
        return body;
    }

    public static void write(HttpServletResponse response, int status, String error, String field, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body(error, field, message)));
    }
}
