package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The power switch on Pi4J's mock platform. */
@ExtendWith(VertxExtension.class)
class PowerCyclerTest {

  private Context pi4j;
  private WorkerExecutor worker;

  @BeforeEach
  void setUp(Vertx vertx) {
    pi4j = MockGpio.newContext();
    worker = vertx.createSharedWorkerExecutor("power-cycler-test", 1);
  }

  @AfterEach
  void tearDown() {
    worker.close().await();
    pi4j.shutdown();
  }

  @Test
  void switchesThePowerOffForTheConfiguredTimeAndOnAgain(Vertx vertx, VertxTestContext ctx) {
    List<DigitalState> states = new CopyOnWriteArrayList<>();
    List<Long> times = new CopyOnWriteArrayList<>();
    PowerCycler.create(vertx, worker, pi4j, "ceiling", new SensorSettings.Power(17, true, 5, 300))
        .compose(cycler -> {
          DigitalOutput output = pi4j.io("pistream-sensor-ceiling-power", DigitalOutput.class);
          ctx.verify(() -> assertThat(output.state()).isEqualTo(DigitalState.HIGH));
          output.addListener((DigitalStateChangeListener) event -> {
            states.add(event.state());
            times.add(System.nanoTime());
          });
          return cycler.cycle().map(output);
        })
        .onComplete(ctx.succeeding(output -> ctx.verify(() -> {
          assertThat(states).containsExactly(DigitalState.LOW, DigitalState.HIGH);
          assertThat((times.get(1) - times.get(0)) / 1_000_000).isGreaterThanOrEqualTo(290);
          assertThat(output.state()).isEqualTo(DigitalState.HIGH);
          ctx.completeNow();
        })));
  }

  @Test
  void anActiveLowSwitchIsDrivenTheOtherWayRound(Vertx vertx, VertxTestContext ctx) {
    List<DigitalState> states = new CopyOnWriteArrayList<>();
    PowerCycler.create(vertx, worker, pi4j, "floor", new SensorSettings.Power(22, false, 5, 100))
        .compose(cycler -> {
          DigitalOutput output = pi4j.io("pistream-sensor-floor-power", DigitalOutput.class);
          ctx.verify(() -> assertThat(output.state()).isEqualTo(DigitalState.LOW));
          output.addListener((DigitalStateChangeListener) event -> states.add(event.state()));
          return cycler.cycle();
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(states).containsExactly(DigitalState.HIGH, DigitalState.LOW);
          ctx.completeNow();
        })));
  }
}
