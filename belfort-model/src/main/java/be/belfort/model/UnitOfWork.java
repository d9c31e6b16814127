package be.belfort.model;

/**
 * The work of one transaction as the store that runs it knows it. Opaque to the domain: other adapters of the
 * same store (the notification outbox, a locking read of the query module) join the transaction through it,
 * whatever wraps the {@link EntityTransaction} they are given.
 */
public interface UnitOfWork {
}
