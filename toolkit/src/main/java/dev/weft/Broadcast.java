package dev.weft;

/**
 * A channel that hands every value to every subscriber: tokio's {@code sync::broadcast}. Any number
 * of senders ({@link BroadcastSender}, cloned) send; any number of subscribers ({@link
 * BroadcastReceiver}, from {@link #subscribe()}) each receive every value sent after they
 * subscribed, in the order it was sent.
 *
 * {@snippet :
 * var events = Broadcast.<String>create(64);
 * BroadcastReceiver<String> audit = events.subscribe();    // sees every event from now on
 * BroadcastReceiver<String> metrics = events.subscribe();
 * try (BroadcastSender<String> tx = events.sender()) {
 *     int reached = tx.send("login alice");                 // never waits: 2 subscribers
 * }                                                        // the last sender closed
 * for (String event : audit) {                             // "login alice", then the end
 *     System.out.println(event);
 * }
 * }
 *
 * <p><b>Capacity and lag.</b> A send never waits: the channel retains the last {@code capacity}
 * values, and once a subscriber is {@code capacity} values behind, the next send overwrites the
 * oldest value it has not read. Its next receive, in any form, then throws {@link LaggedException}
 * saying how many values it missed, and moves it to the oldest value retained, where the following
 * receive continues (tokio's {@code Lagged(n)}). A slow subscriber therefore never slows the
 * senders or the other subscribers; a subscriber that must see every value needs a capacity that
 * covers its slowest moment, or a {@link Channel} of its own. The memory follows what is retained,
 * not the capacity: the ring starts at 16 slots and doubles, up to the capacity, when a send would
 * otherwise overwrite a value someone has not read; a value that every subscriber has read is let
 * go at once.
 *
 * <p><b>Subscribing.</b> {@link #subscribe()} (or {@link BroadcastSender#subscribe()}) returns a
 * new subscriber whose first value is the next one sent; it sees none of the values sent before.
 * Each subscriber is its own handle, closed on its own ({@link BroadcastReceiver#close()}); a send
 * counts only the subscribers open at that moment.
 *
 * <p><b>On close.</b> The channel is closed for sending when its last sender handle is closed (the
 * first handle, {@link #sender()}, and every {@link BroadcastSender#clone() clone}): each
 * subscriber still receives the values it has not read, then every receive throws {@link
 * ChannelClosedException} and its iteration ends. A send through a handle of a channel whose last
 * handle closes meanwhile is refused with its value, so nothing arrives after a subscriber saw the
 * end. A send when no subscriber is open throws {@link ChannelClosedException} carrying the value
 * (tokio's {@code SendError}): nobody would see it. A subscriber that closes itself receives
 * nothing more (its receives throw {@link ChannelClosedException}) and is no longer counted.
 *
 * <p><b>On cancellation.</b> A receive interrupted while it waits throws {@link
 * InterruptedException} and took nothing: the subscriber's position is where it was. Nothing stays
 * registered after an interrupted or timed-out wait.
 *
 * <p><b>Memory consistency.</b> Actions before a send happen-before every receive that returns the
 * value.
 *
 * @param <T> the type of the values
 */
public final class Broadcast<T> {
    private final BroadcastCore core;
    private final BroadcastSender<T> sender;

    private Broadcast(BroadcastCore core) {
        this.core = core;
        this.sender = new BroadcastSender<>(core);
    }

    /**
     * Creates a broadcast channel that retains the last {@code capacity} values for subscribers
     * that are behind.
     *
     * @param capacity how many values a subscriber may fall behind before it loses some; 1 to
     *     {@link Channel#MAX_CAPACITY}
     * @param <T> the type of the values
     * @return the channel
     * @throws IllegalArgumentException if {@code capacity} is below 1 or above {@link
     *     Channel#MAX_CAPACITY}
     */
    public static <T> Broadcast<T> create(int capacity) {
        if (capacity < 1 || capacity > Channel.MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "capacity must be between 1 and " + Channel.MAX_CAPACITY + ", was " + capacity);
        }
        return new Broadcast<>(new BroadcastCore(capacity));
    }

    /** A broadcast whose ring starts at {@code initialLength} slots, so tests can make it grow. */
    static <T> Broadcast<T> createGrowingFrom(int capacity, int initialLength) {
        return new Broadcast<>(new BroadcastCore(capacity, initialLength));
    }

    /**
     * Returns the channel's first sender handle; more come from {@link BroadcastSender#clone()}.
     *
     * @return the sender
     */
    public BroadcastSender<T> sender() {
        return sender;
    }

    /**
     * Returns a new subscriber that receives every value sent after this call. Once every sender is
     * closed, the new subscriber is at the end at once: its receives throw {@link
     * ChannelClosedException}.
     *
     * @return the new subscriber
     */
    public BroadcastReceiver<T> subscribe() {
        return new BroadcastReceiver<>(core);
    }

    /**
     * Returns the capacity: how many values a subscriber may fall behind before it loses some.
     *
     * @return the capacity
     */
    public int capacity() {
        return core.capacity;
    }

    /** The shared state, for tests and for Select. */
    BroadcastCore core() {
        return core;
    }

    @Override
    public String toString() {
        return "Broadcast[capacity="
                + core.capacity
                + ", subscribers="
                + core.subscriberCount()
                + (core.sendersClosed ? ", closed" : "")
                + "]";
    }
}
