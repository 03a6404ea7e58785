package dev.weft;

/**
 * Why a {@link Waiter} stopped waiting: the one typed home of the wait protocol of channels,
 * oneshots, forks, the change channels' wakers and {@link Select}. A waiter's state is {@code null}
 * while it waits and moves once, by CAS, to one of these; whoever reads it decodes it with a {@code
 * switch}.
 *
 * <p>Design note: what a wake costs. Waking must not allocate where it did not before, so the
 * reasons without a payload are the constants of {@link Signal}, and a channel is its own wake (it
 * is a {@code Wake}: no wake object, no extra field in a layout that is padded line by line; see
 * {@link ChannelLayout}). What a channel's wake means depends on the channel and on who is woken:
 *
 * <ul>
 *   <li>a {@link BufferedCore} wakes its receiver when a value is there, and a sender when room was
 *       made. It is a hint: the woken party tries the buffer again, and a select that then commits
 *       another arm passes a room wake on ({@link BufferedCore#signalRoom}).
 *   <li>a {@link RendezvousCore} wakes a parked sender with itself when its receiver <em>took</em>
 *       the sender's value, and a parked receiver with itself when a sender <em>delivered</em> a
 *       value: the sender wrote it into the receiver's queue node before the CAS that woke it. The
 *       exchange happened in that CAS either way.
 * </ul>
 *
 * <p>No wake carries a payload. A rendezvous hand-off used to wake its receiver with a {@code
 * Delivered(channel, value)} record, one allocation per hand-off; the receiver's node, which only
 * the sender that unlinked it writes, carries the value instead ({@link WaitQueue.Node#value}).
 */
sealed interface Wake permits Wake.Signal, ChannelCore {

    /** The reasons that carry nothing. */
    enum Signal implements Wake {
        /**
         * The waiting thread gave up itself ({@link Waiter#cancel}: a deadline, an interrupt, or a
         * select that found a source ready while registering): nothing happened to it.
         */
        CANCELLED,

        /**
         * The channel closed: a parked send tries again and is refused, a parked receive drains and
         * reports the end; for a select, a hint to poll again.
         */
        CLOSED,

        /** A fork that a select's {@code forkEnded} arm watches has ended: a hint to poll again. */
        FORK_ENDED,

        /**
         * A oneshot's value was sent, or the oneshot closed: its receiver (a {@code recv}, or a
         * select's oneshot arm) reads the state again.
         */
        ONESHOT_SETTLED,

        /**
         * A {@link ChangeCore} changed (a broadcast value, a watch change, a close): a select's
         * broadcast or watch arm, whose waker sent it, polls again. A hint, like {@link #CLOSED}.
         */
        CHANGED
    }
}
