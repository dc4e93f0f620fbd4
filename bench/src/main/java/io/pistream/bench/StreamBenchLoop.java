package io.pistream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One load-client thread: a selector over its viewers' sockets and one direct read buffer that every
 * read of this thread reuses, so the client costs little more than the kernel's copy of the bytes.
 * Slow viewers stop reading (their key's interest is dropped) until their byte rate allows more.
 */
final class StreamBenchLoop implements Runnable {

  private record Resume(long atNanos, SelectionKey key) {
  }

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Resume> resumes = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
  private final Thread thread;
  private volatile boolean running = true;

  StreamBenchLoop(String name) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Hands a connected viewer to this thread. */
  void add(StreamBenchViewer viewer, SocketChannel channel) {
    tasks.add(() -> {
      try {
        channel.register(selector, SelectionKey.OP_READ, viewer);
      } catch (ClosedChannelException e) {
        viewer.close();
      }
    });
    selector.wakeup();
  }

  void stop() {
    running = false;
    selector.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    try {
      while (running) {
        long wait = 0;
        Resume next = resumes.peek();
        if (next != null) {
          wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.atNanos() - System.nanoTime()));
        }
        selector.select(wait);
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        long now = System.nanoTime();
        while (!resumes.isEmpty() && resumes.peek().atNanos() <= now) {
          SelectionKey key = resumes.poll().key();
          if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
          }
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.isReadable()) {
            read(key, now);
          }
        }
        selector.selectedKeys().clear();
      }
      selector.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read(SelectionKey key, long now) {
    StreamBenchViewer viewer = (StreamBenchViewer) key.attachment();
    if (!viewer.read(buffer)) {
      key.cancel();
      viewer.close();
      return;
    }
    if (viewer.slow()) {
      long delay = viewer.readDelayNanos(System.nanoTime());
      if (delay > 0) {
        key.interestOps(0);
        resumes.add(new Resume(now + delay, key));
      }
    }
  }
}
