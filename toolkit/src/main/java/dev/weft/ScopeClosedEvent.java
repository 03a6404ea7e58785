package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.weft.ScopeClosed}: a scope was closed. Begun when the scope opens (if
 * the event is enabled then), committed when it closes; its duration is the scope's life. Written
 * only by {@link JfrBridge}; see the package summary's table of events.
 */
@Name("dev.weft.ScopeClosed")
@Label("Scope Closed")
@Category("Weft")
@Description("A Weft scope was closed; the duration is from its open to its close")
@StackTrace(false)
final class ScopeClosedEvent extends jdk.jfr.Event {
    @Label("Scope")
    @Description("The scope's name")
    String scope;

    @Label("Forks")
    @Description("How many tasks were forked in the scope, in all")
    int forks;

    @Label("Outcome")
    @Description(
            "What join() reported: succeeded, failed, cancelled, timed out; or not joined when no"
                    + " join() had its outcome")
    String outcome;

    @Label("Parent")
    @Description("The name of the scope it was nested in, or null for a root scope")
    String parent;
}
