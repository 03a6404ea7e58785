package dev.weft;

/**
 * Where the fields of a channel sit in memory, so that the fields one side writes on every message
 * never share a cache line with the fields the other side reads on every message.
 *
 * <p>Design note. The receiver writes the take lock ({@code receiving}, twice per receive) and the
 * array's {@code head}; senders write {@code tail}. Packed together, as the JVM does when they are
 * fields of one class, every message moved the same cache line between the two cores several times:
 * removing that sharing took {@code BoundedChannelBench} from 107 to 60 ns per message at capacity
 * 16 and from 71 to 34 ns at capacity 100 (one JMH run, same machine). The JVM lays out a
 * superclass's fields before its subclass's and is free to reorder fields within one class, so each
 * group lives in a class of its own, with 128 bytes of padding (two lines, for the adjacent line
 * prefetcher) on each side. The cost is about 700 bytes per bounded channel (the core is 720 bytes,
 * of which 640 are padding; JOL). With its ring of 16 slots and the handles, an empty bounded
 * channel of any capacity retains about 1000 bytes (the receive queue is made when a receiver first
 * parks) ({@code ChannelMemoryTest}).
 *
 * <p>The JVM also fills holes in a superclass's layout with a subclass's fields (JDK 15 and later;
 * seen with JOL on JDK 25): {@code receiving} sits in the 4 bytes right after the object header,
 * before {@code PadBeforeReceiver}, so that pad does not keep it off the line of whatever precedes
 * the channel in memory, as intended (the same before the ring could grow; not measured).
 *
 * <p>This class holds the receiver's line, which every kind has; the lines of the bounded ring
 * ({@code tail}, {@code head}) are {@link ArrayCore}'s and live with it, in ArrayCore.java.
 */
final class ChannelLayout {
    private ChannelLayout() {}

    /** Keeps whatever was allocated just before the channel off the receiver's line. */
    abstract static class PadBeforeReceiver {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /**
     * The take lock ({@link ChannelCore#lockTake}): the one thread taking a value out of the buffer
     * now, or {@code null}.
     */
    abstract static class ReceiverLine extends PadBeforeReceiver {
        volatile Thread receiving;
    }

    /** Keeps the take lock off the line of the fields senders read on every send. */
    abstract static class PadAfterReceiver extends ReceiverLine {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }
}
