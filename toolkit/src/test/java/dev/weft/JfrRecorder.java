package dev.weft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records Weft's JFR events around a piece of work: a {@link Recording} with the chosen events
 * enabled, dumped to a file when the work is done and read back with {@link RecordingFile}.
 */
final class JfrRecorder {
    private JfrRecorder() {}

    /** The work recorded. */
    interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} while recording {@code event} (a name such as {@code dev.weft.ScopeClosed})
     * with the given threshold ({@code null}: the event's default), and returns the recorded events
     * of that name that {@code keep} accepts, in the order they began.
     */
    static List<RecordedEvent> record(
            String event, Duration threshold, Predicate<RecordedEvent> keep, Work work)
            throws Exception {
        Path file = Files.createTempFile("weft-jfr-test", ".jfr");
        try (Recording recording = new Recording()) {
            var settings = recording.enable(event);
            if (threshold != null) {
                settings.withThreshold(threshold);
            }
            recording.start();
            try {
                work.run();
            } finally {
                recording.stop();
            }
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(event))
                    .filter(keep)
                    .sorted(Comparator.comparing(RecordedEvent::getStartTime))
                    .toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The one event in {@code events}; fails the test if there are none or several. */
    static RecordedEvent only(List<RecordedEvent> events) {
        if (events.size() != 1) {
            throw new AssertionError("expected exactly one event, got " + events);
        }
        return events.get(0);
    }

    /** Whether the event was committed on {@code thread}. */
    static Predicate<RecordedEvent> onThread(Thread thread) {
        return e -> e.getThread() != null && e.getThread().getJavaThreadId() == thread.threadId();
    }
}
