package fi.mokadesk.analysis.internal;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.ParameterAveraging;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Bridge to Tribuo: builds Tribuo examples from hashed features, trains a multinomial logistic
 * regression with AdaGrad and parameter averaging, and copies the learnt weights into the flat
 * table used at run time.
 */
public final class TribuoLinear {
    private TribuoLinear() {}

    /** A labelled training text with an importance weight. */
    public record Sample(String text, String label, float weight) {}

    /** Hyper-parameters of one training run. */
    public record Settings(int epochs, double learningRate, long seed) {}

    public static ArrayExample<Label> example(
            Featurizer f, FeatureBuffer buf, String text, String label, float weight) {
        f.featurize(text, buf);
        int n = buf.size();
        int[] b = new int[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            b[i] = buf.bucket(i);
            v[i] = buf.value(i);
        }
        // merge repeated buckets: sort by bucket
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(b[x], b[y]));
        String[] names = new String[n];
        double[] values = new double[n];
        int m = 0;
        int last = -1;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (b[i] == last) {
                values[m - 1] += v[i];
            } else {
                names[m] = featureName(b[i]);
                values[m] = v[i];
                last = b[i];
                m++;
            }
        }
        ArrayExample<Label> ex =
                new ArrayExample<>(new Label(label), Arrays.copyOf(names, m), Arrays.copyOf(values, m));
        ex.setWeight(weight);
        return ex;
    }

    static String featureName(int bucket) {
        return "h" + bucket;
    }

    public static LinearSGDModel train(Featurizer f, List<Sample> samples, Settings s, String name) {
        LabelFactory lf = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(
                new SimpleDataSourceProvenance(name, OffsetDateTime.parse("2026-01-01T00:00:00Z"), lf), lf);
        FeatureBuffer buf = new FeatureBuffer();
        for (Sample x : samples) {
            ds.add(example(f, buf, x.text(), x.label(), x.weight()));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(
                new LogMulticlass(),
                new ParameterAveraging(new AdaGrad(s.learningRate(), 1e-6)),
                s.epochs(),
                Integer.MAX_VALUE,
                1,
                s.seed());
        return trainer.train(ds);
    }

    /** Tribuo's own prediction of label probabilities, in {@code labels} order. */
    public static float[] predict(LinearSGDModel model, Featurizer f, String text, List<String> labels) {
        Prediction<Label> p = model.predict(example(f, new FeatureBuffer(), text, labels.get(0), 1f));
        float[] out = new float[labels.size()];
        for (int i = 0; i < out.length; i++) {
            Label l = p.getOutputScores().get(labels.get(i));
            out[i] = l == null ? 0f : (float) l.getScore();
        }
        return out;
    }

    /**
     * Copies the weights of {@code model} into columns {@code offset…offset+labels-1} of a flat
     * table with {@code width} columns per bucket. Labels the model never saw get a strongly negative
     * bias.
     */
    public static void export(
            LinearSGDModel model, List<String> labels, int offset, int width, float[] table, float[] bias) {
        DenseMatrix w = model.getWeightsCopy();
        ImmutableFeatureMap fm = model.getFeatureIDMap();
        int nf = fm.size();
        for (int c = 0; c < labels.size(); c++) {
            int row = model.getOutputIDInfo().getID(new Label(labels.get(c)));
            if (row < 0) {
                bias[offset + c] = -20f;
                continue;
            }
            bias[offset + c] = (float) w.get(row, nf);
            for (VariableInfo vi : fm) {
                int id = fm.getID(vi.getName());
                int bucket = Integer.parseInt(vi.getName().substring(1));
                table[bucket * width + offset + c] = (float) w.get(row, id);
            }
        }
    }
}
