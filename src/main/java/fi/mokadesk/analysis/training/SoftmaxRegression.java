package fi.mokadesk.analysis.training;

import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression on hashed sparse features, trained by stochastic gradient descent
 * with AdaGrad step sizes and the weights averaged over epochs (which regularises like parameter
 * averaging). One thread, fixed seed: the same data gives the same weights.
 *
 * <p>Written for the hashed feature layout of the analysis: weights live in one flat table {@code
 * [bucket * k + label]}, so cross-validation can afford dozens of fits on a shared machine.
 */
final class SoftmaxRegression {
    private SoftmaxRegression() {}

    /** Hyper-parameters of one training run. */
    record Settings(int epochs, double learningRate, long seed) {}

    static TaskTrainer.Linear train(List<Features> x, int[] y, float[] weight, int k, int dim, Settings s) {
        int n = x.size();
        float[] w = new float[dim * k];
        float[] g2 = new float[dim * k];
        float[] avg = new float[dim * k];
        float[] b = new float[k];
        float[] bg2 = new float[k];
        float[] bavg = new float[k];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rnd = new Random(s.seed());
        float lr = (float) s.learningRate();
        float[] z = new float[k];
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int oi = 0; oi < n; oi++) {
                int i = order[oi];
                Features f = x.get(i);
                int[] idx = f.buckets();
                double[] val = f.values();
                System.arraycopy(b, 0, z, 0, k);
                for (int j = 0; j < idx.length; j++) {
                    int base = idx[j] * k;
                    float v = (float) val[j];
                    for (int c = 0; c < k; c++) {
                        z[c] += w[base + c] * v;
                    }
                }
                softmaxInPlace(z);
                float wi = weight[i];
                for (int c = 0; c < k; c++) {
                    z[c] = wi * (z[c] - (c == y[i] ? 1f : 0f)); // gradient of the weighted log loss
                }
                for (int c = 0; c < k; c++) {
                    float g = z[c];
                    bg2[c] += g * g;
                    b[c] -= lr * g / ((float) Math.sqrt(bg2[c]) + 1e-6f);
                }
                for (int j = 0; j < idx.length; j++) {
                    int base = idx[j] * k;
                    float v = (float) val[j];
                    for (int c = 0; c < k; c++) {
                        float g = z[c] * v;
                        if (g != 0f) {
                            int p = base + c;
                            g2[p] += g * g;
                            w[p] -= lr * g / ((float) Math.sqrt(g2[p]) + 1e-6f);
                        }
                    }
                }
            }
            for (int p = 0; p < w.length; p++) {
                avg[p] += w[p];
            }
            for (int c = 0; c < k; c++) {
                bavg[c] += b[c];
            }
        }
        float inv = 1f / Math.max(1, s.epochs());
        for (int p = 0; p < avg.length; p++) {
            avg[p] *= inv;
        }
        for (int c = 0; c < k; c++) {
            bavg[c] *= inv;
        }
        return new TaskTrainer.Linear(avg, bavg, k);
    }

    static void softmaxInPlace(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        float sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = (float) Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
    }
}
