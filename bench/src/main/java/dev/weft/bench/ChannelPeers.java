package dev.weft.bench;

import dev.weft.Channel;
import dev.weft.Receiver;
import dev.weft.Sender;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Exchanger;

/**
 * The channel peers behind one small interface, {@link Pipe}: a blocking send and a blocking
 * receive of one value. The channel benchmarks ({@link BoundedChannelBench}, {@link
 * RendezvousBench}, {@link OneshotBench}) write each loop once, against a {@code Pipe}, so every
 * peer runs exactly the same loop code.
 *
 * <p><b>Why an interface costs nothing here.</b> JMH runs every benchmark method in its own forked
 * JVM, and each method uses one {@code Pipe} class, so every {@code Pipe} call site sees a single
 * receiver type and the JIT inlines it. Keep it that way: do not exercise several peers in one JVM
 * (for example a cross-peer sanity check in a {@code @Setup}), or the call sites turn megamorphic
 * and every peer pays a virtual call. The benchmarks check their result in the measured method
 * instead (one comparison per batch).
 */
final class ChannelPeers {
    private ChannelPeers() {}

    /** One end-to-end channel: a blocking send and a blocking receive. */
    interface Pipe<T> {
        void send(T value) throws InterruptedException;

        T receive() throws InterruptedException;
    }

    /** Weft: {@code Sender.send} and {@code Receiver.recv()} (the channel stays open). */
    static <T> Pipe<T> weft(Channel<T> channel) {
        return new WeftPipe<>(channel.sender(), channel.receiver());
    }

    /** Jox 1.0.1: {@code Channel.send} and {@code Channel.receive}. */
    static <T> Pipe<T> jox(com.softwaremill.jox.Channel<T> channel) {
        return new JoxPipe<>(channel);
    }

    /** A {@link BlockingQueue}: {@code put} and {@code take}. */
    static <T> Pipe<T> queue(BlockingQueue<T> queue) {
        return new QueuePipe<>(queue);
    }

    /**
     * An {@link Exchanger} used one way, between exactly one sender and one receiver: the sender
     * calls {@code exchange(value)}, the receiver {@code exchange(null)} and keeps what it gets.
     * Both return once they have met, as on a rendezvous channel.
     */
    static <T> Pipe<T> exchanger(Exchanger<T> exchanger) {
        return new ExchangerPipe<>(exchanger);
    }

    private static final class WeftPipe<T> implements Pipe<T> {
        private final Sender<T> sender;
        private final Receiver<T> receiver;

        WeftPipe(Sender<T> sender, Receiver<T> receiver) {
            this.sender = sender;
            this.receiver = receiver;
        }

        @Override
        public void send(T value) throws InterruptedException {
            sender.send(value);
        }

        @Override
        public T receive() throws InterruptedException {
            return receiver.recv();
        }
    }

    private static final class JoxPipe<T> implements Pipe<T> {
        private final com.softwaremill.jox.Channel<T> channel;

        JoxPipe(com.softwaremill.jox.Channel<T> channel) {
            this.channel = channel;
        }

        @Override
        public void send(T value) throws InterruptedException {
            channel.send(value);
        }

        @Override
        public T receive() throws InterruptedException {
            return channel.receive();
        }
    }

    private static final class QueuePipe<T> implements Pipe<T> {
        private final BlockingQueue<T> queue;

        QueuePipe(BlockingQueue<T> queue) {
            this.queue = queue;
        }

        @Override
        public void send(T value) throws InterruptedException {
            queue.put(value);
        }

        @Override
        public T receive() throws InterruptedException {
            return queue.take();
        }
    }

    private static final class ExchangerPipe<T> implements Pipe<T> {
        private final Exchanger<T> exchanger;

        ExchangerPipe(Exchanger<T> exchanger) {
            this.exchanger = exchanger;
        }

        @Override
        public void send(T value) throws InterruptedException {
            exchanger.exchange(value);
        }

        @Override
        public T receive() throws InterruptedException {
            return exchanger.exchange(null);
        }
    }
}
