package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * The JFR event {@code dev.weft.ChannelWait}: a send, receive or select that had to wait (it
 * parked), recorded when the wait lasted at least the threshold (20 ms unless configured). Begun
 * where the operation starts to wait, never on the path that does not wait. Written only by {@link
 * JfrBridge}; see the package summary's table of events.
 */
@Name("dev.weft.ChannelWait")
@Label("Channel Wait")
@Category("Weft")
@Description(
        "A Weft send, receive or select that waited; the duration is the wait, recorded above the"
                + " threshold")
@Threshold("20 ms")
@StackTrace(true)
final class ChannelWaitEvent extends jdk.jfr.Event {
    @Label("Operation")
    @Description("send, receive (a channel's), select, or oneshot receive")
    String operation;

    @Label("Channel")
    @Description(
            "What was waited on: bounded(n), unbounded, rendezvous, oneshot, or select(n arms)")
    String channel;

    @Label("Outcome")
    @Description("sent, received, committed, closed, timed out, interrupted, or failed")
    String outcome;

    @Label("Timed")
    @Description("Whether the operation had a timeout (its timed form)")
    boolean timed;
}
