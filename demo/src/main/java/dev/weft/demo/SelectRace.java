package dev.weft.demo;

import dev.weft.Channel;
import dev.weft.Fork;
import dev.weft.Policy;
import dev.weft.Receiver;
import dev.weft.Scope;
import dev.weft.Select;
import dev.weft.Sender;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code select!} over two channels of <i>Async Rust</i>: a cat and a dog each send their name
 * after a sleep, and the first name to arrive wins.
 *
 * <pre>{@code
 * async fn first_animal_to_finish_race(
 *     mut cat_rcv: Receiver<String>,
 *     mut dog_rcv: Receiver<String>,
 * ) -> Option<Animal> {
 *     tokio::select! {
 *         cat_name = cat_rcv.recv() => Some(Animal::Cat { name: cat_name? }),
 *         dog_name = dog_rcv.recv() => Some(Animal::Dog { name: dog_name? })
 *     }
 * }
 * // main: two mpsc::channel(32); one task sleeps 500 ms and sends "Felix" on the cat channel,
 * // another sleeps 50 ms and sends "Rex" on the dog channel.
 * println!("Winner is {winner:?}");
 * }</pre>
 *
 * <p>Weft: two {@code Channel.bounded(32)}, two forks of a {@link Scope}, and a {@link Select} with
 * one {@code recvOrClosed} arm per channel. Like Rust's {@code recv()} without the {@code Some}
 * pattern, such an arm also commits when its channel is closed and drained, with {@code
 * Optional.empty()}: that is the article's {@code cat_name?}, which makes the race return {@code
 * None}. The select is biased: if both names are already there (for example {@code 0 0}), the cat,
 * the first arm declared, wins.
 *
 * <p>Unlike the article's {@code tokio::spawn}ed tasks, which the runtime simply drops when {@code
 * main} returns, the runners here are forks of a scope: leaving the scope's block closes it, which
 * interrupts the loser's sleep and waits for it to end. So the demo does not wait out the cat's 500
 * ms; the loser never sends.
 */
public final class SelectRace {
    private SelectRace() {}

    /**
     * What happened.
     *
     * @param winner the first animal whose name arrived, or {@code null} if the race returned
     *     {@code None} (a channel closed before any name arrived; not possible in this demo unless
     *     a runner fails)
     * @param loserCancelled whether the losing runner was still asleep when the scope closed, and
     *     so was interrupted (its fork is {@link Fork.State#CANCELLED}); {@code false} if it had
     *     already sent its name, which then stays unread in its channel's buffer
     * @param raceMillis how long the select took, from before the runners were forked
     * @param elapsedMillis how long the whole demo took, the closing of the scope included
     */
    public record Outcome(
            Animal winner, boolean loserCancelled, long raceMillis, long elapsedMillis) {}

    /**
     * Runs the demo from the command line.
     *
     * @param args none, or {@code cat-ms dog-ms}
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     * @throws Demos.UsageException for bad arguments
     */
    public static Outcome run(List<String> args, PrintStream out) throws InterruptedException {
        return CatAndDogRace.fromArgs("select", args, out, SelectRace::run);
    }

    /**
     * Forks the cat (sends "Felix" after {@code catTime}) and the dog (sends "Rex" after {@code
     * dogTime}) and selects over their channels.
     *
     * @param catTime how long Felix takes
     * @param dogTime how long Rex takes
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (both runners are then cancelled)
     */
    public static Outcome run(Duration catTime, Duration dogTime, PrintStream out)
            throws InterruptedException {
        out.printf(
                "select! over two mpsc channels: Felix sends after %d ms, Rex after %d ms%n",
                catTime.toMillis(), dogTime.toMillis());
        Channel<String> cats = Channel.bounded(32);
        Channel<String> dogs = Channel.bounded(32);
        long start = System.nanoTime();
        Optional<Animal> winner;
        long raceMillis;
        Fork<Void> cat;
        Fork<Void> dog;
        // First-success: the first runner to finish (it has sent its name) cancels the other,
        // as tokio's select! drops the losing branch.
        try (var scope = Scope.open(c -> c.withName("select").withPolicy(Policy.firstSuccess()))) {
            cat = scope.fork(() -> runner(cats.sender(), catTime, "Felix"));
            dog = scope.fork(() -> runner(dogs.sender(), dogTime, "Rex"));
            winner = firstAnimalToFinishRace(cats.receiver(), dogs.receiver());
            raceMillis = Elapsed.millisSince(start);
            scope.join(); // the runner still asleep was interrupted; join() awaits it
        }
        long elapsed = Elapsed.millisSince(start);

        if (winner.isEmpty()) {
            out.println("  No winner: a channel closed before any name arrived");
            return new Outcome(null, false, raceMillis, elapsed);
        }
        Animal won = winner.get();
        Fork<Void> loser = won.kind().equals("Cat") ? dog : cat;
        boolean loserCancelled = loser.state() == Fork.State.CANCELLED;
        out.println("  Winner is " + won + " after " + raceMillis + " ms");
        out.println(
                "  "
                        + won.rival().name()
                        + (loserCancelled
                                ? " was still asleep: the winner's end cancelled it"
                                : " had already sent its name: it stays unread in its channel")
                        + "; scope closed after "
                        + elapsed
                        + " ms");
        return new Outcome(won, loserCancelled, raceMillis, elapsed);
    }

    /**
     * The article's {@code first_animal_to_finish_race}: the first name to arrive wins; empty if
     * the channel that commits first was closed without a name (the article's {@code name?}).
     */
    static Optional<Animal> firstAnimalToFinishRace(
            Receiver<String> catRcv, Receiver<String> dogRcv) throws InterruptedException {
        return Select.<Optional<Animal>>create()
                .recvOrClosed(catRcv, catName -> catName.map(name -> new Animal("Cat", name)))
                .recvOrClosed(dogRcv, dogName -> dogName.map(name -> new Animal("Dog", name)))
                .await();
    }

    /**
     * Sleeps, then sends the name; closing the sender afterwards is Rust's drop at task end. A
     * runner interrupted in its sleep (the other one won) leaves its channel open: closing it could
     * reach the select before the winner's name does, and a closed channel reads as "no winner".
     */
    private static Void runner(Sender<String> sender, Duration time, String name)
            throws InterruptedException {
        Thread.sleep(time);
        try (sender) {
            sender.send(name); // room in the buffer (32): never waits
        }
        return null;
    }

    /**
     * Runs the demo.
     *
     * @param args none, or {@code cat-ms dog-ms}
     */
    public static void main(String... args) {
        Demos.runAndExit("select", args);
    }
}
