package fi.mokadesk.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

/**
 * Trains a tiny Tribuo model (milliseconds; the real models are never retrained in tests), exports
 * it to the compact format and checks that the fast scorer reproduces Tribuo's probabilities.
 */
class TribuoAgreementTest {
    private static final List<String> LABELS = List.of("negative", "neutral", "positive");

    private static List<TribuoLinear.Sample> samples() {
        String[][] rows = {
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
        List<TribuoLinear.Sample> out = new ArrayList<>();
        for (String[] r : rows) {
            out.add(new TribuoLinear.Sample(r[1], r[0], 1f));
        }
        return out;
    }

    @Test
    void compactScorerAgreesWithTribuoPredict() throws IOException {
        Featurizer f = new Featurizer(16, Lexicon.empty());
        LinearSGDModel tribuo = TribuoLinear.train(f, samples(), new TribuoLinear.Settings(10, 0.5, 7L), "test");

        int width = LABELS.size();
        float[] table = new float[width << 16];
        float[] bias = new float[width];
        TribuoLinear.export(tribuo, LABELS, 0, width, table, bias);
        LinearTask task = new LinearTask("sentiment", LABELS, 0);
        CompactModel inMemory = new CompactModel("test", 16, List.of(task), table, bias);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        inMemory.write(bytes);
        CompactModel quantised = CompactModel.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(quantised.version()).isEqualTo("test");

        String[] probes = {
            "paketti ei tullut vieläkään", "kiitos avusta!", "how do I pay", "the service was terrible",
            "great, thanks", "mikä on aukioloaika", "täysin uusi lause jota ei ole nähty", ""
        };
        FeatureBuffer buf = new FeatureBuffer();
        float[] logits = new float[width];
        float[] probs = new float[width];
        for (String p : probes) {
            float[] expected = TribuoLinear.predict(tribuo, f, p, LABELS);
            f.featurize(p, buf);
            // the exported float weights reproduce Tribuo exactly
            float[] exactLogits = bias.clone();
            for (int i = 0; i < buf.size(); i++) {
                for (int c = 0; c < width; c++) {
                    exactLogits[c] += table[buf.bucket(i) * width + c] * buf.value(i);
                }
            }
            CompactModel.softmax(exactLogits, probs, task);
            for (int i = 0; i < width; i++) {
                assertThat(probs[i])
                        .as("exact export, %s, %s", p, LABELS.get(i))
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
            // the shipped one-byte weights stay within a small tolerance, before and after a file round trip
            inMemory.score(buf, logits);
            CompactModel.softmax(logits, probs, task);
            for (int i = 0; i < width; i++) {
                assertThat(probs[i])
                        .as("in memory, %s, %s", p, LABELS.get(i))
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.02f));
            }
            quantised.score(buf, logits);
            CompactModel.softmax(logits, probs, task);
            for (int i = 0; i < width; i++) {
                assertThat(probs[i])
                        .as("quantised, %s, %s", p, LABELS.get(i))
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.02f));
            }
            assertThat(argmax(probs)).as(p).isEqualTo(argmax(expected));
        }
    }

    private static int argmax(float[] p) {
        int b = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[b]) {
                b = i;
            }
        }
        return b;
    }
}
