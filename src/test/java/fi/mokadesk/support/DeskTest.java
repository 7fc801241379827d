package fi.mokadesk.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the tests that run the whole desk on a real (embedded) PostgreSQL and a real HTTP port. All such
 * tests share one application context and one database; each creates its own workspaces.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class DeskTest {

    @LocalServerPort
    protected int port;

    protected Api api(String token) {
        return new Api("http://localhost:" + port, token);
    }
}
