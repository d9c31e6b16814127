package be.belfort.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * One running Belfort's claim on its data directory: an operating-system lock on {@code belfort.lock}, held
 * while the process lives. The system releases it when the process dies, however it dies, so a lock that
 * cannot be taken always means a live owner; the file names that owner (pid and start time) for the message.
 */
final class DataDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "belfort.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the data directory, or refuses at once when a live Belfort holds it. */
    static DataDirectoryLock acquire(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            FileChannel channel = FileChannel.open(file, CREATE, READ, WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String owner = owner(channel);
                channel.close();
                throw new DataDirectoryInUseException(directory, owner);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(describe(ProcessHandle.current()).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new DatabaseStartException("Could not lock " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(256);
        channel.read(content, 0);
        String owner = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8).strip();
        return owner.isEmpty() ? "its process is starting" : owner;
    }

    static String describe(ProcessHandle process) {
        return "pid " + process.pid() + process.info().startInstant().map(Instant::toString).map(t -> ", started " + t)
                .orElse("");
    }

    /** Lets the next Belfort take the directory. The file stays: removing it would race with a new owner. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
