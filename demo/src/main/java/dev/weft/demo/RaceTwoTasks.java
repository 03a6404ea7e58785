package dev.weft.demo;

import dev.weft.Tasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A race of two tasks: the first to finish wins, the other stops (the {@code select!} of two
 * futures in <i>Rust Async Programming</i>, with the cat and dog of <i>Async Rust</i>: Felix takes
 * 500 ms, Rex 50 ms).
 *
 * <pre>{@code
 * select! {
 *     () = t1 => println!("task one completed first"),
 *     () = t2 => println!("task two completed first"),
 * }
 * }</pre>
 *
 * <p>Weft: {@code Tasks.race(tasks)} returns the first success; the losers are interrupted and
 * awaited before it returns (a scope with {@code Policy.firstSuccess()} underneath), so nothing
 * outlives the race.
 */
public final class RaceTwoTasks {
    private RaceTwoTasks() {}

    /**
     * What happened.
     *
     * @param winner the animal that finished first
     * @param loser the other one
     * @param loserCancelled whether the loser saw the interrupt (it records that)
     * @param elapsedMillis how long {@code race} took, the loser's cancellation included
     */
    public record Outcome(
            Animal winner, Animal loser, boolean loserCancelled, long elapsedMillis) {}

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
        return CatAndDogRace.fromArgs("race", args, out, RaceTwoTasks::run);
    }

    /**
     * Races the cat (done after {@code catTime}) against the dog (done after {@code dogTime}).
     *
     * @param catTime how long Felix takes
     * @param dogTime how long Rex takes
     * @param out where the narrative goes
     * @return what happened
     * @throws InterruptedException if interrupted while waiting (both are then cancelled)
     */
    public static Outcome run(Duration catTime, Duration dogTime, PrintStream out)
            throws InterruptedException {
        out.printf(
                "Tasks.race(cat, dog): %s needs %d ms, %s needs %d ms%n",
                Animal.CAT, catTime.toMillis(), Animal.DOG, dogTime.toMillis());
        AtomicBoolean catInterrupted = new AtomicBoolean();
        AtomicBoolean dogInterrupted = new AtomicBoolean();
        // "On your marks": each runner waits until both have started, so neither can win before
        // the other is running, however the two virtual threads happen to be scheduled.
        CountDownLatch startingGun = new CountDownLatch(2);

        long start = System.nanoTime();
        Animal winner =
                Tasks.race(
                        List.of(
                                runner(Animal.CAT, catTime, startingGun, catInterrupted),
                                runner(Animal.DOG, dogTime, startingGun, dogInterrupted)));
        long elapsed = Elapsed.millisSince(start);

        // race has returned: the loser has ended, so its flag is final.
        Animal loser = winner.rival();
        boolean loserCancelled = (loser.equals(Animal.CAT) ? catInterrupted : dogInterrupted).get();
        out.println("  Winner is " + winner + " after " + elapsed + " ms");
        out.println(
                "  "
                        + loser
                        + (loserCancelled
                                ? " was interrupted and had stopped before race returned"
                                : " had already finished: nothing to cancel"));
        return new Outcome(winner, loser, loserCancelled, elapsed);
    }

    private static Callable<Animal> runner(
            Animal animal, Duration time, CountDownLatch startingGun, AtomicBoolean interrupted) {
        return () -> {
            try {
                startingGun.countDown();
                startingGun.await();
                Thread.sleep(time); // stands for the work: the article's sleep before send
                return animal;
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        };
    }

    /**
     * Runs the demo.
     *
     * @param args none, or {@code cat-ms dog-ms}
     */
    public static void main(String... args) {
        Demos.runAndExit("race", args);
    }
}
