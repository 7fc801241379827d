package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tokens are stored as SHA-256 in hex; the digest is kept per thread, so threads must not disturb each other. */
class TokenHashTest {

    @Test
    void hashIsSha256InHex() {
        assertThat(Workspaces.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void threadsHashingAtOnceGetTheSameAnswers() throws Exception {
        String expected = Workspaces.hash("token-1");
        List<Callable<String>> work = IntStream.range(0, 200)
                .mapToObj(i -> (Callable<String>) () -> Workspaces.hash("token-1"))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (var result : pool.invokeAll(work)) assertThat(result.get()).isEqualTo(expected);
        } finally {
            pool.shutdown();
        }
    }
}
