package io.sluice.deploy.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a drill's report into its work directory: {@code drill-report.json} (for tools),
 * {@code drill-chart.png} and {@code drill-report.html} (the table and the chart in one page).
 *
 * @param json the JSON file
 * @param png the chart
 * @param html the page
 */
record DrillReportFiles(Path json, Path png, Path html) {

  static DrillReportFiles write(DrillReport r, Path dir) throws IOException {
    DrillReportFiles f = new DrillReportFiles(dir.resolve("drill-report.json"),
        dir.resolve("drill-chart.png"), dir.resolve("drill-report.html"));
    Files.writeString(f.json, r.toJson());
    byte[] png = DrillChart.png(r);
    Files.write(f.png, png);
    Files.writeString(f.html, DrillHtml.page(r, png));
    return f;
  }
}
