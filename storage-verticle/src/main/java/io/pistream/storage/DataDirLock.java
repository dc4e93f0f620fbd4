package io.pistream.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An operating-system lock on {@code <dataDir>/pistream.lock}, held by a running storage verticle and by
 * an import: SQLite lets any number of processes open the database, so this is how an import knows that
 * a server writes to it (and a server that an import is under way). The kernel drops the lock when its
 * process dies, so a crash leaves nothing to clean up. Blocking.
 */
public final class DataDirLock implements AutoCloseable {

  static final String FILE = "pistream.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @return the lock, or null when another process (or another part of this one) holds it */
  public static DataDirLock tryAcquire(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return null;
      }
      return new DataDirLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      channel.close();
      return null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
