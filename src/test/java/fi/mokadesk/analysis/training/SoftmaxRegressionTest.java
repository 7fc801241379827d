package fi.mokadesk.analysis.training;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.analysis.internal.FeatureBuffer;
import fi.mokadesk.analysis.internal.Featurizer;
import fi.mokadesk.analysis.internal.Lexicon;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The analysis trainer is a specialised multinomial logistic regression (AdaGrad, averaged weights)
 * for the hashed feature table; Tribuo's general-purpose trainer of the same model is the reference
 * it must agree with on unseen messages.
 */
class SoftmaxRegressionTest {
    private static final List<String> LABELS = List.of("negative", "neutral", "positive");
    private static final String[][] TRAIN = {
        {"negative", "paketti ei tullut ja palvelu oli surkeaa"},
        {"negative", "huono tuote, meni rikki heti"},
        {"negative", "olen todella pettynyt, huono palvelu"},
        {"negative", "terrible service, never again"},
        {"negative", "my order is late and the service is terrible"},
        {"negative", "the product broke, terrible quality"},
        {"neutral", "mikä on tilaukseni toimitusaika"},
        {"neutral", "voiko laskun maksaa osissa"},
        {"neutral", "how do I change my address"},
        {"neutral", "what are your opening hours"},
        {"neutral", "onko tätä kokoa varastossa"},
        {"neutral", "can I pay by invoice"},
        {"positive", "kiitos, olitte tosi avuliaita"},
        {"positive", "loistava palvelu, kiitos paljon"},
        {"positive", "thank you so much, great help"},
        {"positive", "excellent quality, great service, thank you"},
        {"positive", "ihana tuote, kiitos"},
        {"positive", "fast delivery, great, thank you"},
    };
    private static final String[] UNSEEN = {
        "surkeaa palvelua", "kiitos paljon!", "what are your prices", "terrible, never again", "great help, thanks"
    };

    @Test
    void agreesWithTribuosLogisticRegressionOnUnseenMessages() {
        Featurizer f = new Featurizer(16, Lexicon.empty());
        FeatureBuffer buf = new FeatureBuffer();
        List<Features> x = new ArrayList<>();
        int[] y = new int[TRAIN.length];
        float[] w = new float[TRAIN.length];
        LabelFactory lf = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(
                new SimpleDataSourceProvenance("test", OffsetDateTime.parse("2026-01-01T00:00:00Z"), lf), lf);
        for (int i = 0; i < TRAIN.length; i++) {
            Features fx = Features.of(f, buf, TRAIN[i][1]);
            x.add(fx);
            y[i] = LABELS.indexOf(TRAIN[i][0]);
            w[i] = 1f;
            ds.add(tribuoExample(fx, TRAIN[i][0]));
        }
        TaskTrainer.Linear ours =
                SoftmaxRegression.train(x, y, w, 3, 1 << 16, new SoftmaxRegression.Settings(20, 0.5, 3L));
        LinearSGDModel tribuo = new LinearSGDTrainer(
                        new LogMulticlass(), new AdaGrad(0.5, 1e-6), 20, Integer.MAX_VALUE, 1, 3L)
                .train(ds);

        for (String text : UNSEEN) {
            Features fx = Features.of(f, buf, text);
            Prediction<Label> p = tribuo.predict(tribuoExample(fx, "neutral"));
            assertThat(LABELS.get(Metrics.argmax(ours.logits(fx))))
                    .as(text)
                    .isEqualTo(p.getOutput().getLabel());
        }
    }

    private static ArrayExample<Label> tribuoExample(Features fx, String label) {
        String[] names = new String[fx.buckets().length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "h" + fx.buckets()[i];
        }
        return new ArrayExample<>(new Label(label), names, fx.values());
    }
}
