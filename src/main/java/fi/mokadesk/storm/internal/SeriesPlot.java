package fi.mokadesk.storm.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A storm replay as a picture: the counts, the expected count with the band above which a bucket
 * alone opens a storm, and a red marker at every alarm — the same picture as the storms page, for
 * post-incident reviews. Plain Java2D, written as PNG; no display is needed (headless).
 */
public final class SeriesPlot {

    public static final int WIDTH = 1200;
    public static final int HEIGHT = 400;

    private static final int LEFT = 60;
    private static final int RIGHT = 15;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private long[] seconds = new long[1024];
    private double[] counts = new double[1024];
    private double[] expected = new double[1024];
    private double[] upper = new double[1024];
    private boolean[] alarms = new boolean[1024];
    private int size;

    /** Adds one bucket, oldest first. */
    public void add(Instant bucket, long count, double expectedCount, double upperBand, boolean alarm) {
        if (size == seconds.length) {
            int n = size * 2;
            seconds = Arrays.copyOf(seconds, n);
            counts = Arrays.copyOf(counts, n);
            expected = Arrays.copyOf(expected, n);
            upper = Arrays.copyOf(upper, n);
            alarms = Arrays.copyOf(alarms, n);
        }
        seconds[size] = bucket.getEpochSecond();
        counts[size] = count;
        expected[size] = expectedCount;
        upper[size] = upperBand;
        alarms[size] = alarm;
        size++;
    }

    /** Draws the series and writes it as a {@value #WIDTH} x {@value #HEIGHT} PNG. */
    public void writePng(OutputStream out, ZoneId zone, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, zone, title);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
    }

    private void draw(Graphics2D g, ZoneId zone, String title) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawString(title, LEFT, 18);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        g.setColor(new Color(0xCCCCCC));
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        if (size == 0) return;

        // the scale follows the counts and the expectation; a band far above them is cut at the top
        double highest = 1;
        for (int i = 0; i < size; i++) highest = Math.max(highest, Math.max(counts[i], expected[i] * 1.5));
        double max = highest * 1.05;
        long first = seconds[0];
        long span = Math.max(1, seconds[size - 1] - first);
        double xScale = plotWidth / (double) span;
        double yScale = plotHeight / max;
        java.util.function.IntToDoubleFunction x = i -> LEFT + (seconds[i] - first) * xScale;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotHeight - Math.min(v, max) * yScale;

        Path2D band = new Path2D.Double();
        band.moveTo(x.applyAsDouble(0), y.applyAsDouble(upper[0]));
        for (int i = 1; i < size; i++) band.lineTo(x.applyAsDouble(i), y.applyAsDouble(upper[i]));
        for (int i = size - 1; i >= 0; i--) band.lineTo(x.applyAsDouble(i), y.applyAsDouble(expected[i]));
        band.closePath();
        g.setColor(new Color(0xDCE9F7));
        g.fill(band);

        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(0x555555));
        g.draw(line(x, y, counts));
        g.setStroke(new BasicStroke(1.5f));
        g.setColor(new Color(0x1F6FB2));
        g.draw(line(x, y, expected));

        g.setStroke(new BasicStroke(1.5f));
        for (int i = 0; i < size; i++) {
            if (!alarms[i]) continue;
            double px = x.applyAsDouble(i);
            g.setColor(new Color(0xD62728));
            g.drawLine((int) px, TOP, (int) px, TOP + plotHeight);
            g.fillOval((int) px - 4, (int) y.applyAsDouble(counts[i]) - 4, 8, 8);
        }

        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "%.0f", max), 5, TOP + 10);
        g.drawString("0", 5, TOP + plotHeight);
        DateTimeFormatter format =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        g.drawString(format.format(Instant.ofEpochSecond(first)), LEFT, HEIGHT - 20);
        String last = format.format(Instant.ofEpochSecond(seconds[size - 1]));
        g.drawString(last, WIDTH - RIGHT - g.getFontMetrics().stringWidth(last), HEIGHT - 20);
        String legend = "grey: count   blue: expected   shaded: normal band   red: storm alarm";
        g.drawString(legend, (WIDTH - g.getFontMetrics().stringWidth(legend)) / 2, HEIGHT - 6);
    }

    private Path2D line(
            java.util.function.IntToDoubleFunction x, java.util.function.DoubleUnaryOperator y, double[] values) {
        Path2D path = new Path2D.Double();
        path.moveTo(x.applyAsDouble(0), y.applyAsDouble(values[0]));
        for (int i = 1; i < size; i++) path.lineTo(x.applyAsDouble(i), y.applyAsDouble(values[i]));
        return path;
    }
}
