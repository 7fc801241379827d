package fi.mokadesk.analysis.training;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.analysis.internal.CompactModel;
import fi.mokadesk.analysis.internal.FeatureBuffer;
import fi.mokadesk.analysis.internal.Featurizer;
import fi.mokadesk.analysis.internal.Lexicon;
import fi.mokadesk.analysis.internal.LinearTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Trains a tiny model (milliseconds; the real models are never retrained in tests), writes it in the
 * compact one-byte format and checks that the fast scorer reproduces the exact weights' probabilities
 * and decisions, with calibration and decision offsets carried through the file.
 */
class CompactModelAgreementTest {
    private static final List<String> LABELS = List.of("negative", "neutral", "positive");

    private static final String[][] ROWS = {
        {"negative", "paketti ei tullut ja palvelu oli surkeaa"},
        {"negative", "huono tuote, meni rikki heti"},
        {"negative", "olen todella pettynyt teihin"},
        {"negative", "terrible service, never again"},
        {"negative", "my order is late and nobody answers"},
        {"negative", "the product broke after one day"},
        {"neutral", "mikä on tilaukseni toimitusaika"},
        {"neutral", "voiko laskun maksaa osissa"},
        {"neutral", "how do I change my address"},
        {"neutral", "what are your opening hours"},
        {"neutral", "onko tätä kokoa varastossa"},
        {"neutral", "can I pay by invoice"},
        {"positive", "kiitos, olitte tosi avuliaita"},
        {"positive", "loistava palvelu, kiitos paljon"},
        {"positive", "thank you so much, great help"},
        {"positive", "excellent quality, very happy"},
        {"positive", "ihana tuote, suosittelen"},
        {"positive", "fast delivery, love it"},
    };

    @Test
    void compactScorerAgreesWithTheExactWeights() throws IOException {
        int bits = 16;
        Featurizer f = new Featurizer(bits, Lexicon.empty());
        FeatureBuffer buf = new FeatureBuffer();
        List<Features> x = new ArrayList<>();
        int[] y = new int[ROWS.length];
        float[] w = new float[ROWS.length];
        for (int i = 0; i < ROWS.length; i++) {
            x.add(Features.of(f, buf, ROWS[i][1]));
            y[i] = LABELS.indexOf(ROWS[i][0]);
            w[i] = 1f;
        }
        TaskTrainer.Linear exact =
                SoftmaxRegression.train(x, y, w, 3, 1 << bits, new SoftmaxRegression.Settings(10, 0.5, 7L));
        // the model learnt its training data
        for (int i = 0; i < ROWS.length; i++) {
            assertThat(Metrics.argmax(exact.logits(x.get(i)))).as(ROWS[i][1]).isEqualTo(y[i]);
        }

        LinearTask task = new LinearTask("sentiment", LABELS, 0);
        float[] offsets = {0f, 0.3f, 0f};
        CompactModel written = new CompactModel("test", bits, List.of(task), exact.table(), exact.bias(), offsets);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        written.write(bytes);
        CompactModel read = CompactModel.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(read.version()).isEqualTo("test");
        assertThat(read.decisionOffset(1)).isEqualTo(0.3f);

        String[] probes = {
            "paketti ei tullut vieläkään", "kiitos avusta!", "how do I pay", "the service was terrible",
            "great, thanks", "mikä on aukioloaika", "täysin uusi lause jota ei ole nähty", ""
        };
        float[] logits = new float[3];
        float[] probs = new float[3];
        for (String p : probes) {
            f.featurize(p, buf);
            float[] expected = Calibration.softmax(exact.logits(Features.of(f, buf, p)));
            f.featurize(p, buf);
            read.score(buf, logits);
            CompactModel.softmax(logits, probs, task);
            for (int i = 0; i < 3; i++) {
                assertThat(probs[i]).as("%s, %s", p, LABELS.get(i)).isCloseTo(expected[i], Offset.offset(0.02f));
            }
            int decided = read.decide(probs, task);
            int expectedDecision = TaskTrainer.decide(logOf(expected), new double[] {0, 0.3, 0});
            assertThat(decided).as(p).isEqualTo(expectedDecision);
        }
    }

    private static float[] logOf(float[] p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) Math.log(p[i]);
        }
        return out;
    }
}
