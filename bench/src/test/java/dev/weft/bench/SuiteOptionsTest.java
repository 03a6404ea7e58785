package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Suite's command line: defaults, each option, --help, and what a bad one says. */
class SuiteOptionsTest {

    @Test
    void noArgumentsMeansQuickEverythingIntoTheDefaultDirectory() throws Exception {
        SuiteOptions o = SuiteOptions.parse();
        assertEquals(SuiteOptions.Size.QUICK, o.size());
        assertNull(o.include());
        assertEquals(new File("bench/target/report"), o.out());
        assertFalse(o.help());
        assertTrue(o.includes("dev.weft.bench.HeapPerFork"));
    }

    @Test
    void helpIsRecognisedAmongOtherOptions() throws Exception {
        assertTrue(SuiteOptions.parse("--help").help());
        assertTrue(SuiteOptions.parse("--size", "full", "--help").help());
        assertTrue(SuiteOptions.USAGE.startsWith("usage: bench/run"));
    }

    @Test
    void everyOptionIsRead() throws Exception {
        SuiteOptions o =
                SuiteOptions.parse("--size", "full", "--include", "ForkJoin|Heap", "--out", "x/y");
        assertEquals(SuiteOptions.Size.FULL, o.size());
        assertEquals("-f 2 -wi 3 -w 1s -i 5 -r 1s", o.size().jmhFlags());
        assertEquals(new File("x/y"), o.out());
        assertTrue(o.includes("dev.weft.bench.ForkJoinBench.scope1"));
        assertTrue(o.includes("dev.weft.bench.HeapPerFork"));
        assertFalse(o.includes("dev.weft.bench.RendezvousBench.weft"));
    }

    @Test
    void anUnknownOptionIsNamed() {
        var e = assertThrows(SuiteOptions.UsageException.class, () -> SuiteOptions.parse("--fast"));
        assertEquals("unknown option '--fast'", e.getMessage());
    }

    @Test
    void aBadSizeAMissingValueAndABadRegexAreNamed() {
        assertEquals(
                "--size must be quick or full, not 'huge'",
                assertThrows(
                                SuiteOptions.UsageException.class,
                                () -> SuiteOptions.parse("--size", "huge"))
                        .getMessage());
        assertEquals(
                "--out needs a value",
                assertThrows(SuiteOptions.UsageException.class, () -> SuiteOptions.parse("--out"))
                        .getMessage());
        assertEquals(
                "--size needs a value",
                assertThrows(
                                SuiteOptions.UsageException.class,
                                () -> SuiteOptions.parse("--size", "--help"))
                        .getMessage());
        assertTrue(
                assertThrows(
                                SuiteOptions.UsageException.class,
                                () -> SuiteOptions.parse("--include", "("))
                        .getMessage()
                        .startsWith("--include: not a regex: '('"));
    }

    @Test
    void quickLeavesOutNoBenchmarkThatAComparisonWithATargetNeeds() {
        assertFalse(SuiteOptions.Size.QUICK.excludes.isEmpty());
        assertTrue(SuiteOptions.Size.FULL.excludes.isEmpty());
        for (BenchReport.Spec spec : BenchReport.SPECS) {
            if (Double.isNaN(spec.target())) {
                continue;
            }
            for (String exclude : SuiteOptions.Size.QUICK.excludes) {
                for (String name : new String[] {spec.weft(), spec.peer()}) {
                    assertFalse(
                            Pattern.compile(exclude).matcher("dev.weft.bench." + name).find(),
                            exclude + " would leave out " + name + " of " + spec.label());
                }
            }
        }
        // And it does leave out the info-only peers it names.
        assertTrue(
                Pattern.compile(SuiteOptions.Size.QUICK.excludes.get(0))
                        .matcher("dev.weft.bench.ForkJoinBench.sharedExecutor100")
                        .find());
    }

    @Test
    void theStructuredTaskScopeApiIsFoundOnJdk25AndMissingBefore() {
        // The suite leaves StructuredTaskScopeBench out when this is not null. A later JDK may
        // change the preview API, so only 25 and earlier are pinned.
        if (Runtime.version().feature() == 25) {
            assertNull(JdkStructuredTaskScope.UNAVAILABLE);
        } else if (Runtime.version().feature() < 25) {
            assertTrue(JdkStructuredTaskScope.UNAVAILABLE.contains("not in this JVM"));
        }
    }
}
