package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.Sender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SelectRaceTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(10)
    void rexWinsAndTheSceneEndsLongBeforeFelixWouldHaveSent() throws Exception {
        SelectRace.Outcome outcome = SelectRace.run(List.of(), out);

        assertEquals(new Animal("Dog", "Rex"), outcome.winner());
        assertTrue(outcome.loserCancelled(), "Felix was still asleep when the scope closed");
        assertTrue(
                outcome.elapsedMillis() < 400,
                "took " + outcome.elapsedMillis() + " ms; Felix alone takes 500 ms");
        assertTrue(outcome.raceMillis() >= 50, "Rex sends after 50 ms, got " + outcome);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Winner is Dog { name: \"Rex\" }"), text);
        assertTrue(text.contains("Felix was still asleep"), text);
    }

    @Test
    @Timeout(10)
    void swappedTimingsLetFelixWin() throws Exception {
        SelectRace.Outcome outcome = SelectRace.run(List.of("50", "500"), out);

        assertEquals(new Animal("Cat", "Felix"), outcome.winner());
        assertTrue(outcome.loserCancelled(), "Rex was still asleep when the scope closed");
        assertTrue(outcome.elapsedMillis() < 400, "took " + outcome.elapsedMillis() + " ms");
        assertTrue(
                bytes.toString(StandardCharsets.UTF_8)
                        .contains("Winner is Cat { name: \"Felix\" }"));
    }

    @Test
    void aBadNumberIsAUsageErrorNamingIt() {
        var e =
                assertThrows(
                        Demos.UsageException.class,
                        () -> SelectRace.run(List.of("500", "fast"), out));
        assertEquals("dog-ms must be a whole number of milliseconds, got 'fast'", e.getMessage());

        var wrongCount =
                assertThrows(Demos.UsageException.class, () -> SelectRace.run(List.of("1"), out));
        assertTrue(wrongCount.getMessage().contains("select takes no arguments or exactly 2"));
    }

    @Test
    @Timeout(10)
    void aChannelClosedBeforeAnyNameIsTheArticlesNone() throws Exception {
        Channel<String> cats = Channel.bounded(32);
        Channel<String> dogs = Channel.bounded(32);
        cats.sender().close(); // the cat's task ends without sending: cat_name? returns None

        assertEquals(
                Optional.empty(),
                SelectRace.firstAnimalToFinishRace(cats.receiver(), dogs.receiver()));
    }

    @Test
    @Timeout(10)
    void aNameAlreadySentBeforeTheCloseStillWins() throws Exception {
        Channel<String> cats = Channel.bounded(32);
        Channel<String> dogs = Channel.bounded(32);
        try (Sender<String> dog = dogs.sender()) {
            dog.send("Rex");
        }

        assertEquals(
                Optional.of(new Animal("Dog", "Rex")),
                SelectRace.firstAnimalToFinishRace(cats.receiver(), dogs.receiver()));
        assertThrows(
                ChannelClosedException.class,
                dogs.receiver()::tryRecv,
                "Rex was taken: the dog channel is closed and drained");
    }
}
