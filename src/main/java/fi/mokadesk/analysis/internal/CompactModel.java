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
 * <p>Weights are held as signed bytes with one scale per task (about 8 MB for all tasks), which
 * keeps the table small enough for the processor caches to help.
 *
 * <p>File format (gzip): magic, format version, model version string, featurizer schema and hash
 * bits, then per task its name, labels, quantisation scale and abstention threshold, and per label its bias, decision
 * offset and one signed byte per bucket. Probability calibration is folded into weights and bias.
 */
public final class CompactModel {
    private static final int MAGIC = 0x4d4f4b41; // "MOKA"
    private static final int FORMAT = 3;

    private final String version;
    private final int bits;
    private final List<LinearTask> tasks;
    private final Map<String, LinearTask> byName = new LinkedHashMap<>();
    private final int width;
    /**
     * Quantised weights: bucket b's row starts at {@code ROW_OFFSET + b * stride}; column c is worth
     * {@code q * scale[c]}. Rows are padded to a multiple of 8 bytes (32 for the shipped models) so
     * that a row never spans two cache lines when the array data is 64-byte aligned, which is the
     * case for large arrays on common JVMs (the offset skips the 16-byte array header).
     */
    private final byte[] weights;

    private static final int ROW_OFFSET = 48;
    private final int stride;

    private final float[] scale;
    private final float[] bias;
    /** Added to each label's log-probability before picking the best label (chosen by cross-validation). */
    private final float[] decisionOffset;
    /**
     * Per task (by first column): below this probability of the chosen label the task abstains
     * (category: "no category"); 0 = never. Chosen by cross-validation.
     */
    private final float[] minProbability;

    /** Builds a model from exact weights; they are quantised to one signed byte per task-wide scale. */
    public CompactModel(String version, int bits, List<LinearTask> tasks, float[] weights, float[] bias) {
        this(version, bits, tasks, weights, bias, new float[bias.length]);
    }

    /**
     * Builds a model from exact weights and the decision offsets of every column; the weights are
     * quantised to one signed byte per task-wide scale.
     */
    public CompactModel(
            String version, int bits, List<LinearTask> tasks, float[] weights, float[] bias, float[] decisionOffset) {
        this(version, bits, tasks, weights, bias, decisionOffset, new float[bias.length]);
    }

    /**
     * As above, with the probability below which each task abstains ({@code minProbability[t.offset()]}
     * for task {@code t}; 0 = never).
     */
    public CompactModel(
            String version,
            int bits,
            List<LinearTask> tasks,
            float[] weights,
            float[] bias,
            float[] decisionOffset,
            float[] minProbability) {
        this(
                version,
                bits,
                tasks,
                quantise(tasks, weights, bias.length),
                scales(tasks, weights, bias.length),
                bias,
                decisionOffset,
                minProbability);
    }

    private static float[] scales(List<LinearTask> tasks, float[] weights, int width) {
        float[] sc = new float[width];
        for (LinearTask t : tasks) {
            float max = 0;
            for (int i = 0; i < weights.length; i += width) {
                for (int c = 0; c < t.width(); c++) {
                    max = Math.max(max, Math.abs(weights[i + t.offset() + c]));
                }
            }
            float s = max == 0 ? 1f : max / 127f;
            for (int c = 0; c < t.width(); c++) {
                sc[t.offset() + c] = s;
            }
        }
        return sc;
    }

    private static byte[] quantise(List<LinearTask> tasks, float[] weights, int width) {
        float[] sc = scales(tasks, weights, width);
        byte[] q = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            q[i] = (byte) Math.round(weights[i] / sc[i % width]);
        }
        return q;
    }

    private CompactModel(
            String version,
            int bits,
            List<LinearTask> tasks,
            byte[] weights,
            float[] scale,
            float[] bias,
            float[] decisionOffset,
            float[] minProbability) {
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
        this.stride = (w + 7) & ~7;
        int dim = 1 << bits;
        byte[] padded = new byte[ROW_OFFSET + dim * stride];
        for (int b = 0; b < dim; b++) {
            System.arraycopy(weights, b * w, padded, ROW_OFFSET + b * stride, w);
        }
        this.weights = padded;
        this.scale = scale;
        this.bias = bias;
        this.decisionOffset = decisionOffset;
        this.minProbability = minProbability;
    }

    /** Probability of the chosen label below which task {@code t} abstains; 0 = never. */
    public float minProbability(LinearTask t) {
        return minProbability[t.offset()];
    }

    /**
     * The label of {@code t} with the highest log-probability plus its decision offset (offsets are
     * zero unless cross-validation found that shifting a label's threshold pays).
     */
    public int decide(float[] probs, LinearTask t) {
        int o = t.offset();
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.width(); i++) {
            double s = Math.log(Math.max(probs[o + i], 1e-12f)) + decisionOffset[o + i];
            if (s > bestScore) {
                bestScore = s;
                best = i;
            }
        }
        return best;
    }

    public float decisionOffset(int column) {
        return decisionOffset[column];
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
        return weights[ROW_OFFSET + bucket * stride + column] * scale[column];
    }

    /**
     * Writes, for every word of the message in {@code buf} and each of the first {@code nTasks}
     * tasks, how much the word's features pull towards {@code labels[k]} of {@code tasks[k]} (weight
     * of the label minus the mean weight of the task's labels, times the feature value) into {@code
     * contrib[k * words + word]}.
     */
    public void contributions(FeatureBuffer buf, LinearTask[] tasks, int[] labels, int nTasks, float[] contrib) {
        final byte[] wt = weights;
        final int w = stride;
        final int nTok = buf.tokenCount;
        final int[] idx = buf.idx;
        final int[] tok = buf.tok;
        final int n = buf.textCount;
        int[] acc = new int[nTasks * nTok];
        // only word-level features belong to a word, and they all carry the value textScale
        for (int i = 0; i < n; i++) {
            int t = tok[i];
            if (t < 0) {
                continue;
            }
            int base = ROW_OFFSET + idx[i] * w;
            for (int k = 0; k < nTasks; k++) {
                LinearTask task = tasks[k];
                int o = base + task.offset();
                int width = task.width();
                int sum = 0;
                for (int c = 0; c < width; c++) {
                    sum += wt[o + c];
                }
                acc[k * nTok + t] += wt[o + labels[k]] * width - sum;
            }
        }
        for (int k = 0; k < nTasks; k++) {
            LinearTask task = tasks[k];
            // all columns of a task share one scale
            float f = buf.textScale * scale[task.offset()] / task.width();
            for (int t = 0; t < nTok; t++) {
                contrib[k * nTok + t] = acc[k * nTok + t] * f;
            }
        }
    }

    /** Bytes held by the weight table. */
    public long tableBytes() {
        return weights.length;
    }

    /** Raw scores (logits) of every column for the featurized message in {@code buf}. */
    public void score(FeatureBuffer buf, float[] out) {
        final int w = width;
        final int st = stride;
        if (buf.acc.length < w) {
            buf.acc = new int[w];
        }
        final int[] acc = buf.acc;
        java.util.Arrays.fill(acc, 0, w, 0);
        java.util.Arrays.fill(out, 0, w, 0f);
        final byte[] wt = weights;
        final int[] idx = buf.idx;
        final float[] val = buf.val;
        final int n = buf.size;
        final int nText = buf.textCount;
        // word-level features all carry the same value: add their integer weights, scale once
        for (int i = 0; i < nText; i++) {
            int base = ROW_OFFSET + idx[i] * st;
            for (int c = 0; c < w; c++) {
                acc[c] += wt[base + c];
            }
        }
        for (int i = nText; i < n; i++) {
            int base = ROW_OFFSET + idx[i] * st;
            float v = val[i];
            for (int c = 0; c < w; c++) {
                out[c] += wt[base + c] * v;
            }
        }
        final float ts = buf.textScale;
        for (int c = 0; c < w; c++) {
            out[c] = (acc[c] * ts + out[c]) * scale[c] + bias[c];
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
                out.writeFloat(scale[t.offset()]);
                out.writeFloat(minProbability[t.offset()]);
                for (int c = 0; c < t.width(); c++) {
                    out.writeFloat(bias[t.offset() + c]);
                    out.writeFloat(decisionOffset[t.offset() + c]);
                    for (int b = 0; b < dim; b++) {
                        row[b] = weights[ROW_OFFSET + b * stride + t.offset() + c];
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
            List<float[]> offsets = new ArrayList<>();
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
                float min = in.readFloat();
                float[] b = new float[k];
                float[] d = new float[k];
                byte[][] r = new byte[k][dim];
                for (int c = 0; c < k; c++) {
                    b[c] = in.readFloat();
                    d[c] = in.readFloat();
                    in.readFully(r[c]);
                }
                tasks.add(new LinearTask(name, labels, offset));
                biases.add(b);
                offsets.add(d);
                scales.add(new float[] {scale, min});
                rows.add(r);
                offset += k;
            }
            int width = offset;
            byte[] weights = new byte[width * dim];
            float[] scale = new float[width];
            float[] bias = new float[width];
            float[] decision = new float[width];
            float[] minP = new float[width];
            for (int ti = 0; ti < nTasks; ti++) {
                LinearTask t = tasks.get(ti);
                byte[][] r = rows.get(ti);
                for (int c = 0; c < t.width(); c++) {
                    int col = t.offset() + c;
                    bias[col] = biases.get(ti)[c];
                    decision[col] = offsets.get(ti)[c];
                    scale[col] = scales.get(ti)[0];
                    minP[col] = scales.get(ti)[1];
                    byte[] rc = r[c];
                    for (int b = 0; b < dim; b++) {
                        weights[b * width + col] = rc[b];
                    }
                }
            }
            return new CompactModel(version, bits, tasks, weights, scale, bias, decision, minP);
        }
    }
}
