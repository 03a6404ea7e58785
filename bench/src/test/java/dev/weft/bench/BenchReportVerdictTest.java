package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** BenchReport's verdict rule: no verdict from a NaN error, and none when the error straddles. */
class BenchReportVerdictTest {

    @Test
    void aNanErrorGivesNoVerdictWhateverTheRatio() {
        assertEquals("no verdict (error NaN)", BenchReport.verdict(0.2, Double.NaN, 1.0));
        assertEquals("no verdict (error NaN)", BenchReport.verdict(5.0, Double.NaN, 1.0));
    }

    @Test
    void theWholeIntervalAtOrUnderTheTargetIsMet() {
        assertEquals("met", BenchReport.verdict(0.8, 0.1, 1.0));
        assertEquals("met", BenchReport.verdict(0.75, 0.25, 1.0));
    }

    @Test
    void theWholeIntervalOverTheTargetIsMissed() {
        assertEquals("**missed**", BenchReport.verdict(1.5, 0.2, 1.0));
    }

    @Test
    void anIntervalHoldingTheTargetIsWithinErrorOnEitherSide() {
        assertEquals("within error", BenchReport.verdict(0.95, 0.1, 1.0));
        assertEquals("within error", BenchReport.verdict(1.05, 0.1, 1.0));
    }

    @Test
    void noTargetIsInfoAndNoRatioIsNotApplicable() {
        assertEquals("info", BenchReport.verdict(0.5, 0.1, Double.NaN));
        assertEquals("n/a", BenchReport.verdict(Double.NaN, 0.1, 1.0));
    }

    @Test
    void aHeapRangeIsJudgedByTheSameRuleAndOneRoundGivesNoVerdict() {
        assertEquals("met", BenchReport.heapVerdict(900, 1000, 3, 1024));
        assertEquals("**missed**", BenchReport.heapVerdict(1100, 1200, 3, 1024));
        assertEquals("within error", BenchReport.heapVerdict(1000, 1100, 3, 1024));
        assertEquals("no verdict (one round)", BenchReport.heapVerdict(900, 900, 1, 1024));
    }

    @Test
    void aJmhRowWithTheStringNanAsItsErrorGivesARatioButNoVerdict() {
        // JMH writes "scoreError": "NaN" for one fork with one measurement iteration.
        String json =
                """
                [{"benchmark": "dev.weft.bench.RendezvousBench.weft", "mode": "avgt",
                  "primaryMetric": {"score": 500.0, "scoreError": "NaN", "scoreUnit": "ns/op"}},
                 {"benchmark": "dev.weft.bench.RendezvousBench.exchanger", "mode": "avgt",
                  "primaryMetric": {"score": 1000.0, "scoreError": 10.0, "scoreUnit": "ns/op"}}]
                """;
        List<BenchReport.Row> rows =
                BenchReport.readJmh(JsonMapper.builder().build().readTree(json));
        BenchReport.Ratio ratio =
                BenchReport.ratios(rows).stream()
                        .filter(r -> r.peer().name().equals("RendezvousBench.exchanger"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(0.5, ratio.ratio(), 1e-12);
        assertEquals(Double.NaN, ratio.error());
        assertEquals("no verdict (error NaN)", ratio.verdict());
    }

    @Test
    void errorsOfBothRowsAddInQuadrature() {
        String json =
                """
                [{"benchmark": "dev.weft.bench.RendezvousBench.weft", "mode": "avgt",
                  "primaryMetric": {"score": 300.0, "scoreError": 30.0, "scoreUnit": "ns/op"}},
                 {"benchmark": "dev.weft.bench.RendezvousBench.exchanger", "mode": "avgt",
                  "primaryMetric": {"score": 400.0, "scoreError": 30.0, "scoreUnit": "ns/op"}}]
                """;
        BenchReport.Ratio ratio =
                BenchReport.ratios(BenchReport.readJmh(JsonMapper.builder().build().readTree(json)))
                        .get(0);
        // 0.75 * hypot(0.1, 0.075) = 0.09375: 0.75 + 0.094 <= 1.0, so met.
        assertEquals(0.09375, ratio.error(), 1e-12);
        assertEquals("met", ratio.verdict());
    }

    @Test
    void boundedSixteenIsComparedWithBoundedHundredAtTheSameProducerCount() {
        String json =
                """
                [{"benchmark": "dev.weft.bench.BoundedChannelBench.weft", "mode": "avgt",
                  "params": {"capacity": "16", "producers": "1"},
                  "primaryMetric": {"score": 150.0, "scoreError": 3.0, "scoreUnit": "ns/op"}},
                 {"benchmark": "dev.weft.bench.BoundedChannelBench.weft", "mode": "avgt",
                  "params": {"capacity": "100", "producers": "1"},
                  "primaryMetric": {"score": 100.0, "scoreError": 2.0, "scoreUnit": "ns/op"}},
                 {"benchmark": "dev.weft.bench.BoundedChannelBench.weft", "mode": "avgt",
                  "params": {"capacity": "100", "producers": "4"},
                  "primaryMetric": {"score": 50.0, "scoreError": 1.0, "scoreUnit": "ns/op"}}]
                """;
        List<BenchReport.Ratio> ratios =
                BenchReport.ratios(
                        BenchReport.readJmh(JsonMapper.builder().build().readTree(json)));
        assertEquals(1, ratios.size());
        assertEquals(1.5, ratios.get(0).ratio(), 1e-12);
        assertEquals("{capacity=100, producers=1}", ratios.get(0).peer().params());
        assertEquals("**missed**", ratios.get(0).verdict());
    }
}
