package be.belfort.model;

/**
 * Where reads go when the database has a read replica: to the replica, unless the client that reads has written
 * something the replica has not replayed yet, so that every client reads its own writes. The edge that knows the
 * client (the HTTP API) says whose reads and writes the current thread's are.
 */
public interface ReadRouting {
    /** Reads on this thread, until {@link #leave()}, are {@code client}'s. */
    void enter(String client);

    /** This thread's client has written: its later reads see at least what is committed now. */
    void wrote();

    /** This thread's reads are nobody's in particular again. */
    void leave();

    /** Every read goes to the primary: there is no replica. */
    ReadRouting PRIMARY_ONLY = new ReadRouting() {
        @Override
        public void enter(String client) {
        }

        @Override
        public void wrote() {
        }

        @Override
        public void leave() {
        }
    };
}
