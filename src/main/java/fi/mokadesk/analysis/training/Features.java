package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.internal.FeatureBuffer;
import fi.mokadesk.analysis.internal.Featurizer;
import java.util.Arrays;

/** A featurized text: distinct hash buckets in ascending order with their summed values. */
record Features(int[] buckets, double[] values) {

    /** Featurizes a text the way the desk does and merges repeated buckets. */
    static Features of(Featurizer f, FeatureBuffer buf, String text) {
        f.featurize(text, buf);
        int n = buf.size();
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) buf.bucket(i) << 32) | i;
        }
        Arrays.sort(packed);
        int[] buckets = new int[n];
        double[] values = new double[n];
        int m = 0;
        int last = -1;
        for (long p : packed) {
            int bucket = (int) (p >>> 32);
            float v = buf.value((int) p);
            if (bucket == last) {
                values[m - 1] += v;
            } else {
                buckets[m] = bucket;
                values[m] = v;
                last = bucket;
                m++;
            }
        }
        return new Features(Arrays.copyOf(buckets, m), Arrays.copyOf(values, m));
    }
}
