package io.sluice.deploy.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a drill leaves: the JSON, the chart (a real PNG) and the HTML page with both. */
class DrillReportFilesTest {
  @TempDir Path dir;

  /** A kill drill of 30 s: a start-up backlog, a fault at 10 s, restored at 15 s, 3 lost. */
  static DrillReport killDrill() {
    List<Long> landed = new ArrayList<>();
    List<Long> p99 = new ArrayList<>();
    for (int s = 0; s <= 30; s++) {
      landed.add(s < 2 ? 0L : s == 2 ? 23_000L : s >= 10 && s < 12 ? 900L : 4_000L);
      p99.add(s < 3 ? 2_700L : s >= 10 && s < 12 ? 460L : 120L);
    }
    return new DrillReport("kill", "agg1", 10_000, 15_000, 4_000, 4_000, 120_000, 120_000, 119_997, 3,
        2, 0, List.of(new Timing("time to detect", DrillReport.DETECT, 340),
            new Timing("time to reroute", DrillReport.REROUTE, 1_250),
            new Timing("time to 90% throughput", DrillReport.RECOVER, 2_000)),
        new long[] {95, 230, 110}, new long[] {180, 4_600, 150}, landed, p99,
        List.of("missing from edge1: [17-19]", "a <note> & more"),
        Conservation.notChecked("not in this test"));
  }

  @Test
  void writesJsonChartAndAPageWithTheTablesNumbersAndTheChartInside() throws Exception {
    DrillReport r = killDrill();
    DrillReportFiles f = DrillReportFiles.write(r, dir);

    BufferedImage png = ImageIO.read(f.png().toFile());
    assertNotNull(png, "the chart decodes as an image");
    assertEquals(DrillChart.WIDTH, png.getWidth());
    assertEquals(DrillChart.HEIGHT, png.getHeight());

    String html = Files.readString(f.html());
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.endsWith("</html>\n"));
    for (String number : List.of("120,000", "119,997", "340 ms", "1250 ms", "2000 ms",
        "4600 ms", "180 ms", "4.0 s", "10.0 s", "15.0 s")) {
      assertTrue(html.contains("<td class=\"n\">" + number + "</td>"), number + " in\n" + html);
    }
    assertTrue(html.contains("Events lost: 3"), html);
    assertTrue(html.contains("a &lt;note&gt; &amp; more"), "notes are escaped");
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    assertTrue(m.find(), "the chart is inside the page");
    BufferedImage inPage = ImageIO.read(new ByteArrayInputStream(
        Base64.getDecoder().decode(m.group(1))));
    assertEquals(DrillChart.WIDTH, inPage.getWidth());
    assertTrue(Files.readString(f.json()).contains("\"steadyFromMillis\": 4000,"));
  }

  @Test
  void theChartHasTwoPanelsWithTheirOwnAxesAndTheFaultShaded() {
    CombinedDomainXYPlot plot = (CombinedDomainXYPlot) DrillChart.chart(killDrill()).getPlot();
    List<XYPlot> panels = plot.getSubplots();
    assertEquals(2, panels.size());
    assertEquals("events landed / s", panels.get(0).getRangeAxis().getLabel());
    assertEquals("p99 latency (ms)", panels.get(1).getRangeAxis().getLabel());
    assertTrue(panels.get(0).getRangeAxis().getUpperBound() < 23_000,
        "the start-up peak does not set the scale");
    assertTrue(panels.get(1).getRangeAxis().getUpperBound() >= 460,
        "the fault's latency is on the scale");
    for (XYPlot p : panels) {
      assertTrue(p.getDomainMarkers(Layer.BACKGROUND).stream()
          .anyMatch(m -> "fault".equals(((Marker) m).getLabel())), "fault shaded");
    }
  }
}
