package dev.weft;

/**
 * Why a scope was cancelled: the kind, the fork whose end made the policy cancel, for {@link
 * Kind#PARENT} the parent's own cancellation, and the thread that cancelled it. Described only when
 * an exception needs it.
 */
record Cancellation(Kind kind, Scope scope, ForkImpl<?> fork, Cancellation because, Thread caller) {
    /** What cancelled a scope. */
    enum Kind {
        /** Its policy's {@code cancelAfter} said so (or threw). */
        POLICY(false),
        /** Its deadline passed. */
        DEADLINE(true),
        /** The scope it is nested in was cancelled. */
        PARENT(true),
        /** Its owner was interrupted while waiting in the scope. */
        OWNER_INTERRUPTED(true),
        /** It was closed. */
        CLOSED(false),
        /**
         * {@link Scope#cancel()} was called (by the owner, a fork, or another thread): the scope's
         * work was cut short on purpose, so join() must not report it as a success either.
         */
        CANCEL_CALLED(true);

        /**
         * Whether this cancellation comes from outside the scope's work: join() must not succeed.
         */
        final boolean outside;

        Kind(boolean outside) {
            this.outside = outside;
        }
    }

    String why() {
        return switch (kind) {
            case POLICY ->
                    fork == null
                            ? "its policy threw in cancelAfter()"
                            : "its policy cancelled it after fork '"
                                    + fork.name()
                                    + "' "
                                    + ForkImpl.describe(fork.state);
            case DEADLINE -> "its deadline of " + scope.timeout + " passed";
            case PARENT ->
                    "the scope it is nested in, '"
                            + because.scope.name()
                            + "', was cancelled ("
                            + because.why()
                            + ")";
            case OWNER_INTERRUPTED -> "its owner '" + scope.owner.getName() + "' was interrupted";
            case CLOSED -> "it was closed";
            case CANCEL_CALLED -> "cancel() was called by thread '" + caller.getName() + "'";
        };
    }
}
