package io.pistream.camera;

/** Counts delivered frames and bytes between two samples, for measuredFps and bitrateBps. */
final class FrameMeter {

  record Sample(double fps, long bitrateBps) {
    static final Sample ZERO = new Sample(0, 0);
  }

  private long frames;
  private long bytes;
  private long since;

  FrameMeter(long now) {
    since = now;
  }

  void record(int frameBytes) {
    frames++;
    bytes += frameBytes;
  }

  /** The rate since the previous sample (or reset); starts a new interval. */
  Sample sample(long now) {
    long elapsed = Math.max(1, now - since);
    Sample sample = new Sample(Math.round(frames * 10_000.0 / elapsed) / 10.0, bytes * 8_000 / elapsed);
    reset(now);
    return sample;
  }

  void reset(long now) {
    frames = 0;
    bytes = 0;
    since = now;
  }
}
