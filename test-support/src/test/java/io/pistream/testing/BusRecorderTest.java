package io.pistream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BusRecorderTest {

  @Test
  void nextFindsWhatCameBeforeAndWaitsForWhatComesLaterInOrder(Vertx vertx) {
    BusRecorder<JsonObject> recorder = BusRecorder.on(vertx, "things").await();
    publish(vertx, 1, 2, 3);
    JsonObject two = next(recorder, 2).await();
    Future<JsonObject> laterOne = next(recorder, 1);
    assertThat(laterOne.isComplete()).as("the 1 before the matched 2 is not looked at again").isFalse();
    publish(vertx, 1);
    assertThat(laterOne.await()).isEqualTo(thing(1));
    assertThat(two).isEqualTo(thing(2));
    assertThat(recorder.all()).containsExactly(thing(1), thing(2), thing(3), thing(1));
  }

  @Test
  void skipAllForgetsWhatCameSoFar(Vertx vertx) {
    BusRecorder<JsonObject> recorder = BusRecorder.on(vertx, "things").await();
    publish(vertx, 5, 6);
    Eventually.within(Duration.ofSeconds(10)).until(vertx, "both recorded", () -> Future.succeededFuture(recorder.all().size() == 2)).await();
    recorder.skipAll();
    Future<JsonObject> five = next(recorder, 5);
    assertThat(five.isComplete()).isFalse();
    publish(vertx, 5);
    assertThat(five.await()).isEqualTo(thing(5));
  }

  @Test
  void recordsBodiesOfOtherTypesUntilClosed(Vertx vertx) {
    BusRecorder<String> recorder = BusRecorder.on(vertx, "words", String.class).await();
    vertx.eventBus().send("words", "hello");
    assertThat(recorder.next("hello"::equals).await()).isEqualTo("hello");
    BusRecorder<String> other = BusRecorder.on(vertx, "words", String.class).await();
    recorder.close().await();
    vertx.eventBus().publish("words", "gone");
    other.next("gone"::equals).await();
    assertThat(recorder.all()).containsExactly("hello");
  }

  private static Future<JsonObject> next(BusRecorder<JsonObject> recorder, int n) {
    return recorder.next(json -> json.getInteger("n") == n);
  }

  private static void publish(Vertx vertx, int... ns) {
    for (int n : ns) {
      vertx.eventBus().publish("things", thing(n));
    }
  }

  private static JsonObject thing(int n) {
    return new JsonObject().put("n", n);
  }
}
