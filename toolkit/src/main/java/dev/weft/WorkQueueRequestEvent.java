package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.weft.WorkQueueRequest}: one request of a {@link WorkQueue}, from the
 * call to its reply (or failure); its duration is the request's latency. Written only by {@link
 * JfrBridge}; see the package summary's table of events.
 */
@Name("dev.weft.WorkQueueRequest")
@Label("Work Queue Request")
@Category("Weft")
@Description("One request of a Weft work queue; the duration is from the request to its reply")
@StackTrace(false)
final class WorkQueueRequestEvent extends jdk.jfr.Event {
    @Label("Queue")
    @Description("The work queue's name")
    String queue;

    @Label("Outcome")
    @Description(
            "replied, failed (the handler threw), full (tryRequest found no room), timed out,"
                    + " interrupted, or closed")
    String outcome;
}
