package io.sluice.deploy.drill;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a drill's throughput (events landed per second, blue) and p99 latency (orange, own scale)
 * over time, with the fault (red) and the restore (green) marked. Headless AWT. Stateless.
 */
final class DrillChart {
  private static final int W = 900;
  private static final int H = 400;
  private static final int M = 50;

  private DrillChart() {}

  static void write(DrillReport r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      g.setColor(Color.BLACK);
      g.drawRect(M, M, W - 2 * M, H - 2 * M);
      g.drawString("drill: " + r.fault() + " " + r.target() + "   blue: events landed/s (max "
          + max(r.landedPerSecond()) + ")   orange: p99 latency ms (max "
          + max(r.p99PerSecond()) + ")", M, M - 15);
      int n = Math.max(r.landedPerSecond().size(), r.p99PerSecond().size());
      series(g, r.landedPerSecond(), n, new Color(30, 90, 200));
      series(g, r.p99PerSecond(), n, new Color(230, 130, 20));
      marker(g, r.faultAtMillis(), n, Color.RED, "fault");
      marker(g, r.restoredAtMillis(), n, new Color(0, 150, 0), "restored");
      g.setColor(Color.BLACK);
      g.drawString("0 s", M, H - M + 15);
      g.drawString(n + " s", W - M - 20, H - M + 15);
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private static long max(List<Long> v) {
    return v.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static void series(Graphics2D g, List<Long> v, int n, Color c) {
    long max = Math.max(1, max(v));
    g.setColor(c);
    g.setStroke(new BasicStroke(2f));
    for (int i = 1; i < v.size(); i++) {
      g.drawLine(x(i - 1, n), y(v.get(i - 1), max), x(i, n), y(v.get(i), max));
    }
  }

  private static void marker(Graphics2D g, long millis, int n, Color c, String label) {
    if (millis < 0) {
      return;
    }
    int x = M + (int) ((W - 2 * M) * (millis / 1000.0) / Math.max(1, n - 1));
    g.setColor(c);
    g.drawLine(x, M, x, H - M);
    g.drawString(label, x + 3, M + 12);
  }

  private static int x(int i, int n) {
    return M + (W - 2 * M) * i / Math.max(1, n - 1);
  }

  private static int y(long v, long max) {
    return H - M - (int) ((H - 2 * M) * v / max);
  }
}
