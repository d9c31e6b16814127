package be.belfort.api;

import be.belfort.model.WaitDeadlines;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded number of turns, handed out first come first served, as a fair semaphore does; but a waiter parks with
 * no timer of its own ({@link WaitDeadlines} ends a wait that passes its deadline), and a turn that is left goes
 * straight to the first waiter.
 */
final class Turns {
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<CompletableFuture<Boolean>> line = new ArrayDeque<>();
    private final int max;
    private final int maxWaiting;
    private int working;

    /** @param maxWaiting how many may wait in line; one more is refused at once */
    Turns(int max, int maxWaiting) {
        this.max = max;
        this.maxWaiting = maxWaiting;
    }

    /** Takes a turn if one is free and nobody waits for one. */
    boolean tryEnter() {
        lock.lock();
        try {
            if (working < max && line.isEmpty()) {
                working++;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a turn, waiting in line for it until {@code deadline} ({@link System#nanoTime()}); false when it did not
     * come, or when the line was already full.
     */
    boolean enter(long deadline) {
        CompletableFuture<Boolean> turn = new CompletableFuture<>();
        lock.lock();
        try {
            if (working < max && line.isEmpty()) {
                working++;
                return true;
            }
            if (line.size() >= maxWaiting) {
                return false;
            }
            line.addLast(turn);
        } finally {
            lock.unlock();
        }
        WaitDeadlines.expire(turn, deadline, () -> giveUp(turn));
        return turn.join();
    }

    /** Leaves a turn: the first in line gets it, or it is free again. */
    void leave() {
        lock.lock();
        try {
            CompletableFuture<Boolean> next = line.pollFirst();
            if (next != null) {
                next.complete(true);
            } else {
                working--;
            }
        } finally {
            lock.unlock();
        }
    }

    int working() {
        lock.lock();
        try {
            return working;
        } finally {
            lock.unlock();
        }
    }

    int waiting() {
        lock.lock();
        try {
            return line.size();
        } finally {
            lock.unlock();
        }
    }

    private void giveUp(CompletableFuture<Boolean> turn) {
        lock.lock();
        try {
            // Under the lock: a turn handed over (completed true) is no longer in the line, and stays taken.
            if (line.remove(turn)) {
                turn.complete(false);
            }
        } finally {
            lock.unlock();
        }
    }
}
