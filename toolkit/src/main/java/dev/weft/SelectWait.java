package dev.weft;

import java.util.Arrays;

/**
 * How a {@link Select} waits: the design note of its await loop, and the loop's phases 2 and 3
 * (register one waiter with every arm, park, unregister).
 */
final class SelectWait {
    /*
     * Design note: how one select waits on several channels.
     *
     * await() is one loop over three phases. Each kind of arm lives beside its source
     * (SelectArm: ChannelRecvArm, SendArm, TickArm, ForkEndedArm, OneshotRecvArm, ChangeArm);
     * what wakes a waiter, and why, is the sealed family Wake.
     *
     * 1. Poll. Each arm, in order (from a random start if fair), tries to commit without
     *    waiting: tryRecv, trySend, is the fork done, is the tick due. No waiter exists yet, so
     *    a successful try *is* the commit, and no other arm is touched. A recv arm that finds
     *    its channel closed and drained, or a send arm that finds its receiver closed, is
     *    disabled for the rest of this await (a sendOrClosed arm commits instead). An arm may
     *    also commit by failing (SelectArm.Failed: a broadcast lag), and await() throws. The
     *    first round is the fast path and allocates nothing; the first few rounds yield between
     *    polls, like a channel's own receive, before the select pays for registering.
     *
     * 2. Register. One Waiter (see Waiter and the design note in Channel) is registered with
     *    every enabled arm: as a node in the receive queue of each recv channel, in the send
     *    queue of each send channel, as a watcher of each fork, as the one waiter of each
     *    oneshot, through a waker of each broadcast or watch handle. A registration that finds
     *    its source ready registers nothing and says so; the select then cancels its waiter and
     *    polls again. Otherwise it parks until the earliest deadline (timeout, next tick).
     *
     * 3. Decide. The waiter's state moves once, by CAS, to a Wake:
     *      - Signal.CANCELLED, by the select itself (deadline, interrupt, a ready registration):
     *        nothing committed; unregister everywhere; throw on interrupt, else poll again.
     *      - a wake by a rendezvous partner: the exchange happened in that CAS (the channel
     *        itself: from a sender, "delivered", with the value written into the arm's queue node
     *        before the CAS; from a receiver, "taken"), so that arm has
     *        committed (SelectArm.committedBy); every other channel's CAS on the waiter fails
     *        and that party moves on (a sender queues, a receiver takes the next sender). This
     *        is the one way an arm commits while waiting.
     *      - any other wake (a buffered channel's value or room, Signal.CLOSED, FORK_ENDED,
     *        ONESHOT_SETTLED, CHANGED) is only a hint: unregister and poll again, which commits
     *        at most one arm.
     *
     * Exactly one arm commits, because a commit is either the select's own successful try
     * (phase 1, no waiter registered anywhere) or the one CAS that moved its waiter (phase 3).
     *
     * A buffered channel wakes one parked sender per slot freed. If that wake reaches a select
     * that then commits another arm, the select passes it on (signals the channel again), so
     * the freed slot cannot be left unused while another sender sleeps (SendArm.passOn). The
     * same for a value: a buffered channel wakes one parked receiver per value, and a select
     * that does not take it passes the wake on (ChannelRecvArm.passOn).
     */

    private SelectWait() {}

    /**
     * Phases 2 and 3 of the design note: registers one waiter with every enabled arm, parks until a
     * wake or the earliest deadline (the timeout, the next tick), and leaves nothing registered.
     *
     * @param registrations where each arm's registration goes; they stay there, undone, for {@link
     *     SelectArm#committedBy} (a rendezvous receive arm's value is in its node)
     * @return the wake that decided the waiter; {@link Wake.Signal#CANCELLED} if the select gave up
     *     itself (a deadline, an interrupt, a source found ready while registering)
     */
    static <R> Wake registerAndPark(
            SelectArm<R>[] a, int n, boolean[] disabled, Object[] registrations, long deadline) {
        Arrays.fill(registrations, null); // the last wait's, kept for committedBy
        Waiter waiter = new Waiter(Thread.currentThread());
        boolean ready = false;
        long wakeAt = deadline;
        for (int i = 0; i < n && !ready; i++) {
            if (disabled != null && disabled[i]) {
                continue;
            }
            Object registration = a[i].register(waiter);
            if (registration == null) {
                ready = true;
            } else {
                registrations[i] = registration;
                long due = a[i].due();
                if (due != Long.MAX_VALUE && (wakeAt == Long.MAX_VALUE || due - wakeAt < 0)) {
                    wakeAt = due;
                }
            }
        }
        Wake wake = ready ? waiter.cancelUnlessWoken() : waiter.awaitOrCancel(wakeAt);
        for (int i = 0; i < n; i++) {
            if (registrations[i] != null) {
                a[i].unregister(waiter, registrations[i]);
            }
        }
        return wake;
    }

    static ChannelClosedException everyArmDisabled(int n) {
        return new ChannelClosedException(
                "select: every arm is disabled ("
                        + n
                        + (n == 1 ? " arm" : " arms")
                        + ", all of their channels closed) and there is no orElse or"
                        + " timeout arm",
                null);
    }

    /** Hands a wake the select did not use to the arms' channels, so that it is not lost. */
    static <R> void passOn(SelectArm<R>[] a, int n, Wake hint, SelectArm<R> committed) {
        if (hint == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (a[i] != committed) {
                a[i].passOn(hint);
            }
        }
    }
}
