package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.weft.ForkFailed}: a fork's outcome became failed (not for cancelled
 * forks), on the thread that ended it. Written only by {@link JfrBridge}; see the package summary's
 * table of events.
 */
@Name("dev.weft.ForkFailed")
@Label("Fork Failed")
@Category("Weft")
@Description("A fork of a Weft scope failed: its task threw (a cancelled fork is not recorded)")
@StackTrace(false)
final class ForkFailedEvent extends jdk.jfr.Event {
    @Label("Scope")
    @Description("The name of the fork's scope")
    String scope;

    @Label("Fork")
    @Description("The fork's name, <scope name>-fork-<n>")
    String fork;

    @Label("Exception Class")
    @Description("The class name of the exception the fork failed with")
    String exceptionClass;

    @Label("Message")
    @Description("The message of the exception the fork failed with, or null")
    String message;
}
