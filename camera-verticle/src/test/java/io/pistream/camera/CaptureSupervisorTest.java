package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The supervisor over fake runs on a clock the test sets. Each test runs on one event-loop context, as
 * the camera does; restart delays are real timers of a few ms, awaited by the run they start.
 */
@ExtendWith(VertxExtension.class)
class CaptureSupervisorTest {

  private static final long STALL_MS = 5_000;
  private static final long HEALTHY_RUN_MS = 10_000;
  private static final JpegFrame FRAME = new JpegFrame(Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8}), 160, 120);

  private final long[] now = {1_000_000};
  private final List<FakeRun> runs = new ArrayList<>();
  /** What each run does when started, in order; runs beyond the list just wait. */
  private final List<Consumer<FakeRun>> script = new ArrayList<>();
  private final List<JpegFrame> frames = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  private static final class FakeRun implements Capture {

    private final CaptureListener listener;
    private final Consumer<FakeRun> onStart;
    private boolean started;
    private boolean stopped;

    FakeRun(CaptureListener listener, Consumer<FakeRun> onStart) {
      this.listener = listener;
      this.onStart = onStart;
    }

    @Override
    public void start() {
      started = true;
      onStart.accept(this);
    }

    @Override
    public Future<Void> stop() {
      stopped = true;
      return Future.succeededFuture();
    }
  }

  @Test
  void aStartedRunThatStopsDeliveringIsFailedAsStalledAndRestarted(Vertx vertx, VertxTestContext ctx) {
    onOneContext(vertx, ctx, supervisor -> {
      script.add(run -> run.listener.started());
      script.add(run -> ctx.verify(() -> {
        assertThat(runs.get(0).stopped).isTrue();
        assertThat(failures).containsExactly("no frame for 6 s (stalled) (attempt 1)");
        supervisor.stop();
        ctx.completeNow();
      }));
      supervisor.start();
      now[0] += STALL_MS;
      supervisor.check();
      assertThat(failures).as("silent for exactly stallMs is not a stall yet").isEmpty();
      now[0] += 1_000;
      supervisor.check();
    });
  }

  @Test
  void aRunThatNeverStartedIsNotCalledStalled(Vertx vertx, VertxTestContext ctx) {
    onOneContext(vertx, ctx, supervisor -> {
      supervisor.start();
      now[0] += 10 * STALL_MS;
      supervisor.check();

      assertThat(failures).isEmpty();
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).stopped).isFalse();
      ctx.completeNow();
    });
  }

  @Test
  void framesKeepARunAliveAndWhatAnEndedRunReportsIsIgnored(Vertx vertx, VertxTestContext ctx) {
    onOneContext(vertx, ctx, supervisor -> {
      supervisor.start();
      FakeRun first = runs.get(0);
      first.listener.started();
      now[0] += STALL_MS - 1_000;
      first.listener.frame(FRAME);
      now[0] += STALL_MS - 1_000;
      supervisor.check();
      assertThat(failures).as("the frame reset the stall clock").isEmpty();
      BooleanSupplier firstRunCurrent = supervisor.sameRun();

      supervisor.start();
      first.listener.frame(FRAME);
      first.listener.failed(CaptureFailure.broken("late news from the first run"));
      runs.get(1).listener.frame(FRAME);

      assertThat(first.stopped).isTrue();
      assertThat(runs.get(1).started).isTrue();
      assertThat(frames).hasSize(2);
      assertThat(failures).isEmpty();
      assertThat(firstRunCurrent.getAsBoolean()).isFalse();
      assertThat(supervisor.sameRun().getAsBoolean()).isTrue();
      ctx.completeNow();
    });
  }

  @Test
  void theRestartDelayGrowsWithEachFailureUntilAHealthyRunResetsIt(Vertx vertx, VertxTestContext ctx) {
    onOneContext(vertx, ctx, supervisor -> {
      script.add(run -> run.listener.failed(CaptureFailure.broken("boom 0")));
      script.add(run -> {
        run.listener.started();
        run.listener.frame(FRAME);
        now[0] += HEALTHY_RUN_MS;
        run.listener.frame(FRAME);
        supervisor.check();
        run.listener.failed(CaptureFailure.broken("boom 1"));
        // waiting to restart: the run that was healthy is over and forgives nothing more
        now[0] += HEALTHY_RUN_MS;
        supervisor.check();
      });
      script.add(run -> run.listener.failed(CaptureFailure.broken("boom 2")));
      script.add(run -> run.listener.failed(CaptureFailure.broken("boom 3")));
      script.add(run -> ctx.verify(() -> {
        assertThat(failures).containsExactly("boom 0 (attempt 1)", "boom 1 (attempt 1)", "boom 2 (attempt 2)", "boom 3 (attempt 3)");
        supervisor.stop();
        ctx.completeNow();
      }));
      supervisor.start();
    });
  }

  /** Builds the supervisor and runs the test body on one event-loop context, as the camera would. */
  private void onOneContext(Vertx vertx, VertxTestContext ctx, Consumer<CaptureSupervisor> body) {
    vertx.getOrCreateContext().runOnContext(v -> ctx.verify(() -> body.accept(new CaptureSupervisor(vertx, "cam0",
        listener -> {
          FakeRun run = new FakeRun(listener, started -> ctx.verify(() -> followScript(started)));
          runs.add(run);
          return run;
        },
        new RestartBackoff(1, 8), STALL_MS, () -> now[0], new CaptureSupervisor.Events() {
          @Override
          public void frame(JpegFrame frame) {
            frames.add(frame);
          }

          @Override
          public void failed(CaptureFailure failure, int attempt) {
            failures.add(failure.reason() + " (attempt " + attempt + ")");
          }
        }))));
  }

  private void followScript(FakeRun run) {
    int index = runs.indexOf(run);
    if (index < script.size()) {
      script.get(index).accept(run);
    }
  }
}
