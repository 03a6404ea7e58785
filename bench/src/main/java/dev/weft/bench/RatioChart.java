package dev.weft.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.File;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the report's chart with JFreeChart: one horizontal bar per Weft / peer ratio, on a log axis
 * (a ratio of 2 and one of 0.5 are the same distance from 1), each bar drawn from 1.0 to the ratio
 * with its error bar (ratio ± error; an end past the axis is an arrow head), a vertical line at 1.0
 * and the target as a short dark blue tick across the bar. Bars are green when the target is met,
 * red when missed, grey otherwise (within error, no verdict, or no target). Headless: it only
 * writes a PNG.
 */
final class RatioChart {
    private RatioChart() {}

    private static final Color MET = new Color(0x2e, 0x8b, 0x57);
    private static final Color MISSED = new Color(0xc0, 0x39, 0x2b);
    private static final Color OTHER = new Color(0x9e, 0x9e, 0x9e);
    private static final Color TARGET = new Color(0x1f, 0x3a, 0x93);

    /**
     * Writes the chart of {@code ratios} to {@code file} as a PNG.
     *
     * @throws IOException if the file cannot be written
     */
    static void write(List<BenchReport.Ratio> ratios, File file, String title, String subtitle)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, BenchReport.Ratio> bars = new LinkedHashMap<>();
        for (BenchReport.Ratio r : ratios) {
            if (Double.isFinite(r.ratio()) && r.ratio() > 0) {
                String name = r.name();
                while (bars.containsKey(name)) {
                    name = name + " ";
                }
                bars.put(name, r);
            }
        }
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        double lo = 1;
        double hi = 1;
        for (Map.Entry<String, BenchReport.Ratio> e : bars.entrySet()) {
            BenchReport.Ratio r = e.getValue();
            dataset.addValue(r.ratio(), "Weft / peer", e.getKey());
            lo = Math.min(lo, r.ratio());
            hi = Math.max(hi, r.ratio());
            if (Double.isFinite(r.spec().target())) {
                lo = Math.min(lo, r.spec().target());
                hi = Math.max(hi, r.spec().target());
            }
        }
        LogAxis axis = new LogAxis("Weft / peer (log scale; < 1: Weft faster or smaller)");
        axis.setBase(2);
        axis.setSmallestValue(1e-3);
        axis.setRange(lo / 1.6, hi * 1.6);
        axis.setTickUnit(
                new NumberTickUnit(1)); // one tick per power of 2: ... 0.25, 0.5, 1, 2, 4 ...
        axis.setMinorTickCount(1);
        axis.setNumberFormatOverride(new DecimalFormat("0.###"));
        CategoryAxis categories = new CategoryAxis();
        categories.setMaximumCategoryLabelWidthRatio(0.55f);
        categories.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        categories.setCategoryMargin(0.25);
        Renderer renderer = new Renderer(List.copyOf(bars.values()));
        CategoryPlot plot = new CategoryPlot(dataset, categories, axis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.addRangeMarker(new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f)));
        plot.setFixedLegendItems(legend());
        JFreeChart chart =
                new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        int height = 170 + 22 * bars.size();
        ChartUtils.saveChartAsPNG(file, chart, 1500, height);
    }

    private static LegendItemCollection legend() {
        LegendItemCollection items = new LegendItemCollection();
        items.add(new LegendItem("met (ratio + error ≤ target)", MET));
        items.add(new LegendItem("missed (ratio − error > target)", MISSED));
        items.add(new LegendItem("within error, no verdict, or no target", OTHER));
        LegendItem target =
                new LegendItem(
                        "target",
                        null,
                        null,
                        null,
                        new Line2D.Double(0, -6, 0, 6),
                        new BasicStroke(3f),
                        TARGET);
        items.add(target);
        return items;
    }

    /** Bars from 1.0, coloured by verdict, with an error bar and a target tick each. */
    private static final class Renderer extends BarRenderer {
        private static final long serialVersionUID = 1L;
        private final transient List<BenchReport.Ratio> ratios;

        Renderer(List<BenchReport.Ratio> ratios) {
            this.ratios = ratios;
            setBase(1.0);
            setBarPainter(new StandardBarPainter());
            setShadowVisible(false);
            setDrawBarOutline(false);
            setMaximumBarWidth(0.05);
        }

        @Override
        public Paint getItemPaint(int row, int column) {
            String verdict = ratios.get(column).verdict();
            return verdict.equals(BenchReport.MET)
                    ? MET
                    : verdict.equals(BenchReport.MISSED) ? MISSED : OTHER;
        }

        @Override
        public void drawItem(
                Graphics2D g2,
                CategoryItemRendererState state,
                Rectangle2D dataArea,
                CategoryPlot plot,
                CategoryAxis domainAxis,
                ValueAxis rangeAxis,
                CategoryDataset dataset,
                int row,
                int column,
                int pass) {
            super.drawItem(
                    g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            BenchReport.Ratio r = ratios.get(column);
            double y =
                    domainAxis.getCategoryMiddle(
                            column, getColumnCount(), dataArea, plot.getDomainAxisEdge());
            double half = state.getBarWidth() / 2;
            double min = rangeAxis.getLowerBound();
            double max = rangeAxis.getUpperBound();
            if (Double.isFinite(r.error())) {
                double from = Math.max(min, r.ratio() - r.error());
                double to = Math.min(max, r.ratio() + r.error());
                double x0 = rangeAxis.valueToJava2D(from, dataArea, plot.getRangeAxisEdge());
                double x1 = rangeAxis.valueToJava2D(to, dataArea, plot.getRangeAxisEdge());
                g2.setPaint(Color.BLACK);
                g2.setStroke(new BasicStroke(1f));
                g2.draw(new Line2D.Double(x0, y, x1, y));
                // A clipped end gets an arrow head instead of a cap: the interval goes on past
                // the axis (below 0.0 for a ratio whose error is larger than itself).
                double cap = half / 2;
                if (from > min) {
                    g2.draw(new Line2D.Double(x0, y - cap, x0, y + cap));
                } else {
                    g2.draw(new Line2D.Double(x0, y, x0 + 2 * cap, y - cap));
                    g2.draw(new Line2D.Double(x0, y, x0 + 2 * cap, y + cap));
                }
                if (to < max) {
                    g2.draw(new Line2D.Double(x1, y - cap, x1, y + cap));
                } else {
                    g2.draw(new Line2D.Double(x1, y, x1 - 2 * cap, y - cap));
                    g2.draw(new Line2D.Double(x1, y, x1 - 2 * cap, y + cap));
                }
            }
            if (Double.isFinite(r.spec().target())) {
                double x =
                        rangeAxis.valueToJava2D(
                                r.spec().target(), dataArea, plot.getRangeAxisEdge());
                g2.setPaint(TARGET);
                g2.setStroke(new BasicStroke(3f));
                g2.draw(new Line2D.Double(x, y - half - 2, x, y + half + 2));
            }
        }
    }
}
