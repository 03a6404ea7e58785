package dev.weft.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** The recording half of {@link JfrProbeMain}: loaded only where {@code jdk.jfr} is resolved. */
final class JfrProbeRecording {
    private JfrProbeRecording() {}

    interface Work {
        void run() throws Exception;
    }

    static void recordAndCount(Work work) throws Exception {
        Path file = Files.createTempFile("weft-probe", ".jfr");
        try (Recording recording = new Recording()) {
            for (String name : new String[] {"ScopeClosed", "ForkFailed", "WorkQueueRequest"}) {
                recording.enable("dev.weft." + name);
            }
            recording.enable("dev.weft.ChannelWait").withThreshold(Duration.ofMillis(10));
            recording.start();
            work.run();
            recording.stop();
            recording.dump(file);
            Map<String, Integer> counts = new TreeMap<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                String type = e.getEventType().getName();
                if (type.startsWith("dev.weft.")) {
                    counts.merge(type, 1, Integer::sum);
                }
            }
            counts.forEach((type, n) -> System.out.println("recorded " + type + ": " + n));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
