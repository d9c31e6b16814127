package be.belfort.api;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Gives the listening socket a queue for connections not yet accepted that a burst of new clients fits in.
 * <p>
 * Jetty leaves the queue to the JDK's default of 50. Beyond it the kernel drops the client's SYN, and the client
 * tries again only after 1, 2, 4, 8 … seconds: a burst of a few hundred new connections, while the acceptor waits
 * for a core, turned into updates that took 5 to 20 seconds with the CPU nearly idle (the kernel counted some
 * 300,000 listen-queue overflows). The kernel caps the value at {@code net.core.somaxconn} (4096 on current
 * Linux).
 */
final class AcceptQueue implements LifeCycle.Listener {
    static final int SIZE = 1024;

    private final Server server;

    AcceptQueue(Server server) {
        this.server = server;
    }

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        // Javalin adds its connector just before it starts the server, so it is there now and not yet listening.
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector listening) {
                listening.setAcceptQueueSize(SIZE);
            }
        }
    }
}
