package fi.mokadesk.analysis.training;

/**
 * Probability calibration fitted on cross-validation predictions: a temperature (one scale for all
 * logits) and a bias per label, fitted by minimising log loss — Platt scaling for yes/no tasks, its
 * multi-class form otherwise. Both fold into the linear model's weights, so calibrated scoring costs
 * nothing.
 */
record Calibration(double scale, double[] bias) {

    static Calibration identity(int k) {
        return new Calibration(1, new double[k]);
    }

    float[] apply(float[] logits) {
        float[] out = new float[logits.length];
        for (int c = 0; c < logits.length; c++) {
            out[c] = (float) (logits[c] * scale + bias[c]);
        }
        return out;
    }

    /** Fits scale and biases to out-of-fold logits with full-batch Adam on the mean log loss. */
    static Calibration fit(float[][] logits, int[] gold) {
        int n = logits.length;
        int k = logits[0].length;
        double[] theta = new double[k + 1]; // theta[0] = log scale
        double[] m = new double[k + 1];
        double[] v = new double[k + 1];
        double[] p = new double[k];
        for (int it = 1; it <= 400; it++) {
            double a = Math.exp(theta[0]);
            double[] g = new double[k + 1];
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    p[c] = a * logits[i][c] + theta[c + 1];
                    max = Math.max(max, p[c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    p[c] = Math.exp(p[c] - max);
                    sum += p[c];
                }
                for (int c = 0; c < k; c++) {
                    double d = p[c] / sum - (c == gold[i] ? 1 : 0);
                    g[0] += d * logits[i][c] * a;
                    g[c + 1] += d;
                }
            }
            for (int j = 0; j <= k; j++) {
                double gj = g[j] / n;
                m[j] = 0.9 * m[j] + 0.1 * gj;
                v[j] = 0.999 * v[j] + 0.001 * gj * gj;
                double mh = m[j] / (1 - Math.pow(0.9, it));
                double vh = v[j] / (1 - Math.pow(0.999, it));
                theta[j] -= 0.05 * mh / (Math.sqrt(vh) + 1e-9);
            }
        }
        double[] bias = new double[k];
        System.arraycopy(theta, 1, bias, 0, k);
        return new Calibration(Math.exp(theta[0]), bias);
    }

    static float[] softmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float x : z) {
            max = Math.max(max, x);
        }
        float[] p = new float[z.length];
        float sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
