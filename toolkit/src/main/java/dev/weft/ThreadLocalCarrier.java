package dev.weft;

/** {@link ContextCarrier#of(ThreadLocal)}: get on the owner, set and remove on the fork. */
record ThreadLocalCarrier<T>(ThreadLocal<T> local) implements ContextCarrier<T> {

    @Override
    public T capture() {
        return local.get();
    }

    @Override
    public void restore(T captured) {
        local.set(captured);
    }

    @Override
    public void clear(T captured) {
        local.remove();
    }

    // A record's equals compares ThreadLocal#equals, which is identity: one carrier per variable.

    @Override
    public String toString() {
        return "ContextCarrier.of(" + local + ")";
    }
}
