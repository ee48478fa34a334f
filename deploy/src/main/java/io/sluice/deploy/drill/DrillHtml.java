package io.sluice.deploy.drill;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A drill's report as one self-contained HTML page: the verdict, the table the terminal shows,
 * the latency by phase, the notes and the chart (a PNG inside the page as a {@code data:} URI, so
 * the file can be mailed or attached on its own). Stateless.
 */
final class DrillHtml {
  private static final String STYLE = """
      body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1040px;color:#222}
      h1{font-size:1.4em}.verdict{font-size:1.1em;font-weight:600}
      .ok{color:#18794e}.bad{color:#c62828}
      table{border-collapse:collapse;margin:1em 0}
      td,th{padding:.25em .9em;border-bottom:1px solid #ddd}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      img{max-width:100%;border:1px solid #ddd}li{margin:.2em 0}
      """;

  private DrillHtml() {}

  /** The page; {@code chartPng} is the chart's PNG ({@link DrillChart#png}). */
  static String page(DrillReport r, byte[] chartPng) {
    StringBuilder b = new StringBuilder(8192 + chartPng.length * 4 / 3);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape(r.heading())).append("</title>\n<style>").append(STYLE)
        .append("</style></head>\n<body>\n<h1>").append(escape(r.heading())).append("</h1>\n");
    boolean ok = r.missing() == 0;
    b.append("<p class=\"verdict ").append(ok ? "ok\">No event lost" : "bad\">Events lost: "
        + String.format(Locale.ROOT, "%,d", r.missing())).append("</p>\n");
    table(b, List.of(), r.rows());
    List<String[]> latency = r.latencyRows();
    table(b, latency.subList(0, 1), latency.subList(1, latency.size()));
    b.append("<img alt=\"events landed per second and p99 latency over the drill\" width=\"")
        .append(DrillChart.WIDTH).append("\" height=\"").append(DrillChart.HEIGHT)
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(chartPng)).append("\">\n<ul>\n");
    r.notes().forEach(n -> b.append("<li>").append(escape(n)).append("</li>\n"));
    return b.append("</ul>\n</body></html>\n").toString();
  }

  /** A table: header rows, then rows whose first cell is a label and the others numbers. */
  private static void table(StringBuilder b, List<String[]> head, List<String[]> rows) {
    b.append("<table>\n");
    for (String[] h : head) {
      b.append("<tr><th>").append(escape(h[0])).append("</th>");
      for (int i = 1; i < h.length; i++) {
        b.append("<th class=\"n\">").append(escape(h[i])).append("</th>");
      }
      b.append("</tr>\n");
    }
    for (String[] row : rows) {
      b.append("<tr><td>").append(escape(row[0])).append("</td>");
      for (int i = 1; i < row.length; i++) {
        b.append("<td class=\"n\">").append(escape(row[i])).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
