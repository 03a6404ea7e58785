package dev.weft;

/** The three policies of {@link Policy}'s static factories. */
enum BuiltInPolicy implements Policy {
    FAIL_FAST {
        @Override
        public boolean cancelAfter(Fork<?> ended) {
            return ended.state() == Fork.State.FAILED;
        }

        @Override
        public void onJoin(Outcome outcome) {
            if (!outcome.failures().isEmpty()) {
                throw new ScopeFailedException(
                        "scope '" + outcome.scopeName() + "' failed: " + outcome.failures().get(0),
                        outcome.failures());
            }
        }
    },
    AWAIT_ALL {
        @Override
        public boolean cancelAfter(Fork<?> ended) {
            return false;
        }

        @Override
        public void onJoin(Outcome outcome) {}
    },
    FIRST_SUCCESS {
        @Override
        public boolean cancelAfter(Fork<?> ended) {
            return ended.state() == Fork.State.SUCCEEDED;
        }

        @Override
        public void onJoin(Outcome outcome) {
            if (outcome.succeeded() == 0) {
                String what =
                        outcome.forked() == 0
                                ? "no fork was forked"
                                : "all " + outcome.failures().size() + " forks failed";
                throw new ScopeFailedException(
                        "scope '" + outcome.scopeName() + "' had no success: " + what,
                        outcome.failures());
            }
        }
    }
}
