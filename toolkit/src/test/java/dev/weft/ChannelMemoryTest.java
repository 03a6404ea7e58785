package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a bounded channel costs in memory: an empty one of any capacity retains less than 1 KiB, its
 * ring grows with what is buffered, and it can still fill to a large capacity.
 *
 * <p>Two measures. {@link ArrayCore#allocatedSlots()} counts the slots of the rings a channel
 * holds, an exact figure that does not depend on the JVM. The retained size is measured: the used
 * heap after {@link System#gc()} with {@value #INSTANCES} empty channels alive, minus the used heap
 * before, divided by {@value #INSTANCES}; the lowest of three such rounds, so that one collection
 * that leaves garbage behind cannot fail the test. The 1 KiB budget assumes compressed references
 * (the JVM's default below 32 GB of heap); without them every reference, and so the channel, is
 * larger, and the test is skipped.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelMemoryTest {
    static final int INSTANCES = 10_000;

    static long allocatedSlots(Channel<?> ch) {
        return ((ArrayCore) ch.core()).allocatedSlots();
    }

    @ParameterizedTest
    @ValueSource(ints = {Channel.MAX_CAPACITY, 1 << 20, 16})
    void anEmptyChannelOfAnyCapacityRetainsLessThanOneKibibyte(int capacity) {
        assertEquals(16, allocatedSlots(Channel.bounded(capacity)), "slots of an empty channel");
        assumeTrue(
                compressedReferences(),
                "the 1 KiB budget assumes compressed references (-XX:+UseCompressedOops)");
        long bytes = retainedBytesPerInstance(i -> Channel.<Integer>bounded(capacity));
        System.out.printf("an empty Channel.bounded(%d) retains %d bytes%n", capacity, bytes);
        assertTrue(bytes < 1024, "an empty channel of capacity " + capacity + ": " + bytes + " B");
    }

    @Test
    void theRingGrowsWithWhatIsBufferedAndFillsToALargeCapacity() {
        int capacity = 1 << 20;
        Channel<Integer> ch = Channel.bounded(capacity);
        Sender<Integer> tx = ch.sender();
        Receiver<Integer> rx = ch.receiver();
        for (int i = 0; i < 100; i++) {
            assertTrue(tx.trySend(i));
        }
        // 16 + 32 + 64 + 128 slots: the older rings stay until the receiver has passed them.
        assertEquals(240, allocatedSlots(ch), "slots holding 100 values");
        for (int i = 100; i < capacity; i++) {
            assertTrue(tx.trySend(i), "full at " + i);
        }
        assertFalse(tx.trySend(-1), "full at the capacity");
        assertEquals(capacity, rx.size());
        assertEquals(2L * capacity - 16, allocatedSlots(ch), "every ring, 16 to 2^20 slots");
        for (int i = 0; i < capacity; i++) {
            Optional<Integer> next = rx.tryRecv();
            assertEquals(i, next.orElse(-1), "received in order");
        }
        assertEquals(Optional.empty(), rx.tryRecv());
        assertEquals(capacity, allocatedSlots(ch), "the older rings are let go once received");
        for (int i = 0; i < capacity; i++) {
            assertTrue(tx.trySend(i), "full at " + i + " the second time");
        }
        assertEquals(capacity, allocatedSlots(ch), "a ring never grows twice for the same room");
        assertFalse(tx.trySend(-1));
    }

    @Test
    void aChannelOfTheLargestCapacityBuffersWhatItIsSent() {
        Channel<Integer> ch = Channel.bounded(Channel.MAX_CAPACITY);
        int n = 300_000; // grows the ring to 2^19 slots
        for (int i = 0; i < n; i++) {
            assertTrue(ch.sender().trySend(i), "full at " + i);
        }
        assertEquals(n, ch.receiver().size());
        assertEquals((1L << 20) - 16, allocatedSlots(ch), "rings of 16 to 2^19 slots");
        ch.sender().close();
        int expected = 0;
        for (int v : ch.receiver()) {
            assertEquals(expected++, v);
        }
        assertEquals(n, expected);
    }

    /**
     * Whether the JVM uses compressed references. Through reflection: the test classes are compiled
     * in the toolkit's module, which does not read {@code jdk.management}; they run on the class
     * path.
     */
    static boolean compressedReferences() {
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object hotSpot = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, bean);
            Object option =
                    bean.getMethod("getVMOption", String.class)
                            .invoke(hotSpot, "UseCompressedOops");
            Object value = option.getClass().getMethod("getValue").invoke(option);
            return Boolean.parseBoolean((String) value);
        } catch (ReflectiveOperationException | RuntimeException notHotSpot) {
            return false;
        }
    }

    /** The least, over three rounds, of the heap retained per instance {@code make} creates. */
    static long retainedBytesPerInstance(IntFunction<Object> make) {
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            Object[] keep = new Object[INSTANCES];
            long before = usedHeapAfterGc();
            for (int i = 0; i < INSTANCES; i++) {
                keep[i] = make.apply(i);
            }
            long after = usedHeapAfterGc();
            least = Math.min(least, (after - before) / INSTANCES);
            assertEquals(INSTANCES, countNonNull(keep)); // keeps them alive until here
        }
        return least;
    }

    private static int countNonNull(Object[] objects) {
        int n = 0;
        for (Object o : objects) {
            n += o != null ? 1 : 0;
        }
        return n;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
