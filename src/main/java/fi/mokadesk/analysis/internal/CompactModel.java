package fi.mokadesk.analysis.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * All linear classifiers of the analysis in one flat table: for every hash bucket one row holding
 * the weights of every label of every task, so one memory access per feature serves all tasks.
 *
 * <p>File format (gzip): magic, format version, model version string, featurizer schema and hash
 * bits, then per task its name, labels, bias and quantisation scale followed by one signed byte per
 * (bucket, label).
 */
public final class CompactModel {
    private static final int MAGIC = 0x4d4f4b41; // "MOKA"
    private static final int FORMAT = 1;

    private final String version;
    private final int bits;
    private final List<LinearTask> tasks;
    private final Map<String, LinearTask> byName = new LinkedHashMap<>();
    private final int width;
    private final float[] weights;
    private final float[] bias;

    public CompactModel(String version, int bits, List<LinearTask> tasks, float[] weights, float[] bias) {
        this.version = version;
        this.bits = bits;
        this.tasks = List.copyOf(tasks);
        int w = 0;
        for (LinearTask t : tasks) {
            if (t.offset() != w) {
                throw new IllegalArgumentException("task offsets must be contiguous");
            }
            w += t.width();
            byName.put(t.name(), t);
        }
        this.width = w;
        if (weights.length != (long) w << bits || bias.length != w) {
            throw new IllegalArgumentException("weight table has the wrong size");
        }
        this.weights = weights;
        this.bias = bias;
    }

    public String version() {
        return version;
    }

    public int bits() {
        return bits;
    }

    public int width() {
        return width;
    }

    public List<LinearTask> tasks() {
        return tasks;
    }

    public LinearTask task(String name) {
        LinearTask t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no task " + name);
        }
        return t;
    }

    public float weight(int bucket, int column) {
        return weights[bucket * width + column];
    }

    /** Raw scores (logits) of every column for the featurized message in {@code buf}. */
    public void score(FeatureBuffer buf, float[] out) {
        final int w = width;
        System.arraycopy(bias, 0, out, 0, w);
        final float[] wt = weights;
        final int[] idx = buf.idx;
        final float[] val = buf.val;
        final int n = buf.size;
        for (int i = 0; i < n; i++) {
            int base = idx[i] * w;
            float v = val[i];
            for (int c = 0; c < w; c++) {
                out[c] += wt[base + c] * v;
            }
        }
    }

    /** Softmax over one task's columns of {@code logits}, written to {@code probs} at the same place. */
    public static void softmax(float[] logits, float[] probs, LinearTask t) {
        int o = t.offset();
        int k = t.width();
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, logits[o + i]);
        }
        float sum = 0;
        for (int i = 0; i < k; i++) {
            float e = (float) Math.exp(logits[o + i] - max);
            probs[o + i] = e;
            sum += e;
        }
        for (int i = 0; i < k; i++) {
            probs[o + i] /= sum;
        }
    }

    public void write(OutputStream os) throws IOException {
        int dim = 1 << bits;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(version);
            out.writeInt(Featurizer.SCHEMA);
            out.writeInt(bits);
            out.writeInt(tasks.size());
            byte[] row = new byte[dim];
            for (LinearTask t : tasks) {
                out.writeUTF(t.name());
                out.writeInt(t.width());
                for (String l : t.labels()) {
                    out.writeUTF(l);
                }
                float max = 0;
                for (int b = 0; b < dim; b++) {
                    for (int c = 0; c < t.width(); c++) {
                        max = Math.max(max, Math.abs(weights[b * width + t.offset() + c]));
                    }
                }
                float scale = max == 0 ? 1f : max / 127f;
                out.writeFloat(scale);
                for (int c = 0; c < t.width(); c++) {
                    out.writeFloat(bias[t.offset() + c]);
                    for (int b = 0; b < dim; b++) {
                        row[b] = (byte) Math.round(weights[b * width + t.offset() + c] / scale);
                    }
                    out.write(row);
                }
            }
        }
    }

    public static CompactModel read(InputStream is) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(new GZIPInputStream(is, 1 << 16), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not an analysis model file");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("unsupported model format " + format);
            }
            String version = in.readUTF();
            int schema = in.readInt();
            if (schema != Featurizer.SCHEMA) {
                throw new IOException(
                        "model was built for feature schema " + schema + ", this build uses " + Featurizer.SCHEMA);
            }
            int bits = in.readInt();
            int dim = 1 << bits;
            int nTasks = in.readInt();
            List<LinearTask> tasks = new ArrayList<>();
            List<float[]> biases = new ArrayList<>();
            List<float[]> scales = new ArrayList<>();
            List<byte[][]> rows = new ArrayList<>();
            int offset = 0;
            for (int ti = 0; ti < nTasks; ti++) {
                String name = in.readUTF();
                int k = in.readInt();
                List<String> labels = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    labels.add(in.readUTF());
                }
                float scale = in.readFloat();
                float[] b = new float[k];
                byte[][] r = new byte[k][dim];
                for (int c = 0; c < k; c++) {
                    b[c] = in.readFloat();
                    in.readFully(r[c]);
                }
                tasks.add(new LinearTask(name, labels, offset));
                biases.add(b);
                scales.add(new float[] {scale});
                rows.add(r);
                offset += k;
            }
            int width = offset;
            float[] weights = new float[width * dim];
            float[] bias = new float[width];
            for (int ti = 0; ti < nTasks; ti++) {
                LinearTask t = tasks.get(ti);
                float scale = scales.get(ti)[0];
                byte[][] r = rows.get(ti);
                for (int c = 0; c < t.width(); c++) {
                    bias[t.offset() + c] = biases.get(ti)[c];
                    byte[] rc = r[c];
                    int col = t.offset() + c;
                    for (int b = 0; b < dim; b++) {
                        weights[b * width + col] = rc[b] * scale;
                    }
                }
            }
            return new CompactModel(version, bits, tasks, weights, bias);
        }
    }
}
