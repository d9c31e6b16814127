package be.belfort.storage;

import java.io.IOException;

/**
 * Sends a POSIX signal to a process. Java itself can only send TERM and KILL; PostgreSQL's shutdown modes are
 * INT (fast) and QUIT (immediate), so the shell's built-in {@code kill} sends them.
 */
final class Signals {
    private Signals() {
    }

    /** Whether the signal was delivered (false when the process is gone, or there is no shell). */
    static boolean send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("sh", "-c", "kill -s \"$1\" \"$2\" 2>/dev/null", "belfort-signal", signal,
                    Long.toString(pid)).start();
            return kill.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
