package io.sluice.deploy.drill;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A drill's chart, drawn with JFreeChart: two panels over one time axis (seconds of the drill),
 * events landed in HDFS per second above and the p99 latency of the events generated in each
 * second below, each with its own axis, unit and gridlines; the fault window is shaded red, the
 * start-up before steady state grey. The value axes fit the steady seconds, so a start-up
 * backlog does not flatten the rest: a peak above them is written on the chart instead.
 * Headless. Stateless.
 */
final class DrillChart {
  static final int WIDTH = 1000;
  static final int HEIGHT = 640;

  private static final Color THROUGHPUT = new Color(31, 100, 190);
  private static final Color LATENCY = new Color(220, 110, 20);
  private static final Color FAULT = new Color(215, 40, 40, 45);
  private static final Color START_UP = new Color(120, 120, 120, 40);
  private static final Color GRID = new Color(190, 190, 190);

  private DrillChart() {}

  /** The chart as a PNG of {@link #WIDTH} x {@link #HEIGHT}. */
  static byte[] png(DrillReport r) throws IOException {
    System.setProperty("java.awt.headless", "true");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(out, chart(r), WIDTH, HEIGHT);
    return out.toByteArray();
  }

  static JFreeChart chart(DrillReport r) {
    NumberAxis time = new NumberAxis("time since the load started (s)");
    int seconds = Math.max(r.landedPerSecond().size(), r.p99PerSecond().size());
    time.setRange(0, Math.max(1, seconds - 1));
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
    plot.setGap(12);
    int steadySecond = (int) (r.steadyFromMillis() / 1000);
    XYPlot throughput = panel(r, "events landed / s", r.landedPerSecond(), THROUGHPUT,
        steadySecond, "%,.0f/s");
    if (r.generatedPerSecond() > 0) {
      ValueMarker generated = new ValueMarker(r.generatedPerSecond(),
          THROUGHPUT.darker(), new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
              1f, new float[] {6f, 4f}, 0f));
      generated.setLabel("generated rate");
      generated.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
      generated.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
      throughput.addRangeMarker(generated);
      if (throughput.getRangeAxis().getUpperBound() < r.generatedPerSecond() * 1.1) {
        throughput.getRangeAxis().setRange(0, r.generatedPerSecond() * 1.2);
      }
    }
    plot.add(throughput, 1);
    plot.add(panel(r, "p99 latency (ms)", r.p99PerSecond(), LATENCY, steadySecond, "%,.0f ms"),
        1);
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(new TextTitle(r.heading(), new Font(Font.SANS_SERIF, Font.BOLD, 15)));
    return chart;
  }

  /** One panel: the series, its own axis fitted to the steady seconds, and the shaded windows. */
  private static XYPlot panel(DrillReport r, String axisLabel, List<Long> values, Color color,
      int steadySecond, String peakFormat) {
    XYSeries series = new XYSeries(axisLabel);
    long steadyMax = 1;
    long startUpMax = 0;
    // The last value is the second after the load window (stragglers): not drawn.
    int full = values.size() - 1;
    for (int s = 0; s < full; s++) {
      long v = values.get(s);
      series.add(s, v);
      if (s < steadySecond) {
        startUpMax = Math.max(startUpMax, v);
      } else {
        steadyMax = Math.max(steadyMax, v);
      }
    }
    if (full > 0) {
      series.add(full, values.get(full - 1)); // closes the last second's step
    }
    NumberAxis axis = new NumberAxis(axisLabel);
    double top = steadyMax * 1.2;
    axis.setRange(0, top);
    // A step per second: each value holds for the whole second it counts.
    XYStepRenderer line = new XYStepRenderer();
    line.setSeriesPaint(0, color);
    line.setSeriesStroke(0, new BasicStroke(2f));
    XYPlot p = new XYPlot(new XYSeriesCollection(series), null, axis, line);
    p.setBackgroundPaint(Color.WHITE);
    p.setDomainGridlinePaint(GRID);
    p.setRangeGridlinePaint(GRID);
    p.setDomainGridlinesVisible(true);
    p.setRangeGridlinesVisible(true);
    p.setOutlinePaint(Color.GRAY);
    if (steadySecond > 0) {
      p.addDomainMarker(band(0, steadySecond, START_UP, "start-up"), Layer.BACKGROUND);
    }
    long restored = r.restoredAtMillis() < 0 ? r.faultAtMillis() : r.restoredAtMillis();
    p.addDomainMarker(band(r.faultAtMillis() / 1000.0, Math.max(restored / 1000.0,
        r.faultAtMillis() / 1000.0 + 0.1), FAULT, "fault"), Layer.BACKGROUND);
    if (startUpMax > top) {
      XYTextAnnotation peak = new XYTextAnnotation(String.format(Locale.ROOT,
          "start-up peak " + peakFormat + " (off scale)", (double) startUpMax), 0.2, top * 0.93);
      peak.setTextAnchor(TextAnchor.TOP_LEFT);
      peak.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      p.addAnnotation(peak);
    }
    return p;
  }

  private static Marker band(double from, double to, Color color, String label) {
    IntervalMarker m = new IntervalMarker(from, to, color);
    m.setLabel(label);
    m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    return m;
  }
}
