package io.pistream.sensor;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Made-up readings that look like a room: warmest mid-afternoon, coolest before dawn, humidity moving
 * the other way, a different "weather" every day and a little slowly wandering noise. The curve follows
 * the time of the read; the day-to-day offsets and the noise come from the seed, so the same seed read
 * at the same times gives the same readings.
 */
final class SimulatedDriver implements SensorDriver {

  private static final double MEAN_C = 21.0;
  private static final double DAILY_SWING_C = 3.0;
  private static final double DAY_TO_DAY_C = 1.5;
  private static final double MEAN_PCT = 50.0;
  private static final double DAILY_SWING_PCT = 10.0;
  private static final double DAY_TO_DAY_PCT = 6.0;
  private static final double WARMEST_HOUR = 15.0;
  // Noise is an AR(1) walk: each read keeps most of the previous deviation, so consecutive reads
  // are close, as a real sensor's are.
  private static final double NOISE_MEMORY = 0.9;
  private static final double NOISE_STEP_C = 0.08;
  private static final double NOISE_STEP_PCT = 0.3;

  private final long seed;
  private final LongSupplier clock;
  private final ZoneId zone;
  private final Random noise;
  private double temperatureNoise;
  private double humidityNoise;

  SimulatedDriver(long seed, LongSupplier clock, ZoneId zone) {
    this.seed = seed;
    this.clock = clock;
    this.zone = zone;
    this.noise = new Random(seed);
  }

  @Override
  public synchronized Measurement read() {
    ZonedDateTime time = Instant.ofEpochMilli(clock.getAsLong()).atZone(zone);
    double hour = time.getHour() + time.getMinute() / 60.0 + time.getSecond() / 3600.0;
    double warmth = Math.cos(2 * Math.PI * (hour - WARMEST_HOUR) / 24);
    long day = time.toLocalDate().toEpochDay();
    double dayFraction = hour / 24;
    temperatureNoise = NOISE_MEMORY * temperatureNoise + NOISE_STEP_C * noise.nextGaussian();
    humidityNoise = NOISE_MEMORY * humidityNoise + NOISE_STEP_PCT * noise.nextGaussian();
    double temperature = MEAN_C + DAY_TO_DAY_C * dayOffset(day, dayFraction, 1) + DAILY_SWING_C * warmth + temperatureNoise;
    double humidity = MEAN_PCT + DAY_TO_DAY_PCT * dayOffset(day, dayFraction, 2) - DAILY_SWING_PCT * warmth + humidityNoise;
    return new Measurement(tenth(temperature), tenth(Math.max(5, Math.min(99, humidity))));
  }

  /** A seeded value per day, blended into the next day's so that midnight shows no jump. */
  private double dayOffset(long day, double dayFraction, int quantity) {
    double today = new Random(seed * 31 + day * 7 + quantity).nextGaussian();
    double tomorrow = new Random(seed * 31 + (day + 1) * 7 + quantity).nextGaussian();
    return today + (tomorrow - today) * dayFraction;
  }

  /** A DHT22 reports tenths. */
  private static double tenth(double value) {
    return Math.round(value * 10) / 10.0;
  }

  @Override
  public String describe() {
    return "simulated, seed " + seed;
  }
}
