package be.belfort.storage;

import be.belfort.model.EntityTransaction;
import be.belfort.model.UnitOfWork;

import java.sql.Connection;

/** A transaction of the PostgreSQL stores: its connection and tenant, for the adapters that join it. */
public record JdbcUnitOfWork(Connection connection, String tenant) implements UnitOfWork {

    /** The PostgreSQL transaction underneath a domain transaction. */
    public static JdbcUnitOfWork of(EntityTransaction tx) {
        if (tx.unitOfWork() instanceof JdbcUnitOfWork work) {
            return work;
        }
        throw new IllegalStateException("Not a transaction of the PostgreSQL stores: " + tx.unitOfWork());
    }
}
