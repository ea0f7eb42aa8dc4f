package dev.maintenance4j.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.store.file.FileStateStore;
import dev.maintenance4j.test.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceControlTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Actor ALICE = new Actor("alice", "cli@host");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);
    private FileStateStore store;
    private MaintenanceControl control;

    @BeforeEach
    void setUp() {
        store = FileStateStore.builder(dir.resolve("state.json")).build();
        control = MaintenanceControl.of(store, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void anEndMoreThanAYearAwayIsRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> control.enable(
                        EnableOptions.builder()
                                .duration(Duration.ofDays(3_000_000))
                                .build(),
                        ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration must be at most 366d, but was 3000000d");
        assertThatThrownBy(() -> control.enable(
                        EnableOptions.builder()
                                .until(NOW.plus(Duration.ofDays(400)))
                                .build(),
                        ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("within 366 days of its start");
        assertThatThrownBy(() -> control.enable(
                        EnableOptions.builder()
                                .startsAt(NOW.plus(Duration.ofDays(400)))
                                .build(),
                        ALICE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start of maintenance must be within 366 days");
        assertThat(store.read().version()).isZero();
        // a start a year away may still run for a year
        MaintenanceState s = control.enable(
                        EnableOptions.builder()
                                .startsAt(NOW.plus(Duration.ofDays(300)))
                                .duration(Duration.ofDays(300))
                                .build(),
                        ALICE)
                .after();
        assertThat(s.until()).isEqualTo(NOW.plus(Duration.ofDays(600)));
    }

    @Test
    void settingsAreClearedWhileMaintenanceStaysOn() {
        control.enable(
                EnableOptions.builder()
                        .reason("db")
                        .retryAfter(Duration.ofMinutes(2))
                        .refresh(Duration.ofSeconds(30))
                        .redirect("/status")
                        .statusCode(502)
                        .duration(Duration.ofHours(1))
                        .generateSecret(true)
                        .allowed(List.of(CidrBlock.parse("10.0.0.0/8")))
                        .build(),
                ALICE);
        MaintenanceState s = control.enable(
                        EnableOptions.builder()
                                .clear(EnumSet.allOf(EnableOptions.Setting.class))
                                .build(),
                        ALICE)
                .after();
        assertThat(s.enabled()).isTrue();
        assertThat(s.since()).isEqualTo(NOW);
        assertThat(s.reason()).isNull();
        assertThat(s.retryAfter()).isNull();
        assertThat(s.refresh()).isNull();
        assertThat(s.redirect()).isNull();
        assertThat(s.statusCode()).isEqualTo(503);
        assertThat(s.until()).isNull();
        assertThat(s.secret()).isNull();
        assertThat(s.allowed().entries()).isEmpty();
        assertThat(s.version()).isEqualTo(2);
    }

    @Test
    void aSettingCanNotBeGivenAndClearedAtOnce() {
        assertThatThrownBy(() -> EnableOptions.builder()
                        .duration(Duration.ofHours(1))
                        .clear(Set.of(EnableOptions.Setting.UNTIL))
                        .build())
                .hasMessage("give until or clear it, not both");
        assertThat(EnableOptions.Setting.of("retryAfter")).isEqualTo(EnableOptions.Setting.RETRY);
        assertThat(EnableOptions.Setting.of("retry")).isEqualTo(EnableOptions.Setting.RETRY);
        assertThatThrownBy(() -> EnableOptions.Setting.of("mode"))
                .hasMessageStartingWith("'mode' is not a setting that can be cleared");
    }

    @Test
    void downWithDefaultsIsFullMaintenanceFromNow() {
        MaintenanceControl.Result result = control.enable(EnableOptions.none(), ALICE);
        assertThat(result.changed()).isTrue();
        MaintenanceState s = result.after();
        assertThat(s.enabled()).isTrue();
        assertThat(s.mode()).isEqualTo(Mode.FULL);
        assertThat(s.since()).isEqualTo(NOW);
        assertThat(s.version()).isEqualTo(1);
        assertThat(store.history(5))
                .singleElement()
                .extracting(r -> r.change().action())
                .isEqualTo("down");
    }

    @Test
    void rerunningDownUpdatesOnlyWhatItNamesAndIsIdempotent() {
        control.enable(
                EnableOptions.builder()
                        .reason("upgrade")
                        .mode(Mode.READ_ONLY)
                        .duration(Duration.ofMinutes(30))
                        .build(),
                ALICE);
        clock.advance(Duration.ofMinutes(1));
        MaintenanceControl.Result updated =
                control.enable(EnableOptions.builder().reason("still upgrading").build(), ALICE);
        assertThat(updated.after().mode()).isEqualTo(Mode.READ_ONLY);
        assertThat(updated.after().reason()).isEqualTo("still upgrading");
        assertThat(updated.after().since()).isEqualTo(NOW);
        assertThat(updated.after().until()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));

        MaintenanceControl.Result again =
                control.enable(EnableOptions.builder().reason("still upgrading").build(), ALICE);
        assertThat(again.changed()).isFalse();
        assertThat(again.after().version()).isEqualTo(2);
        assertThat(store.history(10)).hasSize(2);
    }

    @Test
    void durationCountsFromAScheduledStart() {
        Instant start = NOW.plus(Duration.ofHours(2));
        MaintenanceState s = control.enable(
                        EnableOptions.builder()
                                .startsAt(start)
                                .duration(Duration.ofMinutes(45))
                                .build(),
                        ALICE)
                .after();
        assertThat(s.startsAt()).isEqualTo(start);
        assertThat(s.until()).isEqualTo(start.plus(Duration.ofMinutes(45)));
        assertThat(s.isActiveAt(NOW)).isFalse();
        assertThat(s.isScheduledAt(NOW)).isTrue();
    }

    @Test
    void upIsANoOpWhenAlreadyUpAndKeepsTheAllowList() {
        assertThat(control.disable(ALICE).changed()).isFalse();
        control.allow(List.of(CidrBlock.parse("10.0.0.0/8")), ALICE);
        control.enable(EnableOptions.builder().generateSecret(true).build(), ALICE);
        MaintenanceState up = control.disable(ALICE).after();
        assertThat(up.enabled()).isFalse();
        assertThat(up.secret()).isNull();
        assertThat(up.allowed().entries()).containsExactly(CidrBlock.parse("10.0.0.0/8"));
    }

    @Test
    void generatedSecretIsReturnedOnceAndMatchesTheStoredForm() {
        MaintenanceControl.Result result =
                control.enable(EnableOptions.builder().generateSecret(true).build(), ALICE);
        assertThat(result.generatedSecret()).isNotNull();
        assertThat(store.read().secret().matches(result.generatedSecret())).isTrue();
        MaintenanceControl.Result rotated = control.rotateSecret(ALICE);
        assertThat(store.read().secret().matches(result.generatedSecret())).isFalse();
        assertThat(store.read().secret().matches(rotated.generatedSecret())).isTrue();
    }

    @Test
    void invalidRequestsChangeNothing() {
        assertThatThrownBy(() -> control.enable(
                        EnableOptions.builder().until(NOW.minusSeconds(1)).build(), ALICE))
                .hasMessageContaining("must be in the future");
        assertThatThrownBy(
                        () -> EnableOptions.builder().redirect("//evil.example").build())
                .hasMessageContaining("local path");
        assertThatThrownBy(() ->
                        EnableOptions.builder().redirect("https://evil.example").build())
                .hasMessageContaining("local path");
        assertThatThrownBy(() ->
                        EnableOptions.builder().redirect("/\\evil.example").build())
                .hasMessageContaining("backslashes");
        assertThatThrownBy(() -> EnableOptions.builder().secret("too-short").build())
                .hasMessageContaining("16 to 128");
        assertThatThrownBy(() ->
                        control.enable(EnableOptions.builder().statusCode(99).build(), ALICE))
                .hasMessageContaining("statusCode");
        assertThatThrownBy(() ->
                        control.enable(EnableOptions.builder().statusCode(302).build(), ALICE))
                .hasMessageContaining("statusCode");
        assertThat(store.read()).isEqualTo(MaintenanceState.off());
        assertThat(store.history(5)).isEmpty();
    }

    @Test
    void concurrentAllowsFromManyThreadsLoseNoUpdate() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                CidrBlock block = CidrBlock.parse("10.0." + i + ".0/24");
                MaintenanceControl own = MaintenanceControl.of(
                        FileStateStore.builder(dir.resolve("state.json")).build(), clock);
                futures.add(pool.submit(() -> own.allow(List.of(block), new Actor("t", "test"))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.read().allowed().entries()).hasSize(threads);
        assertThat(store.history(100))
                .hasSize(threads)
                .extracting(AuditRecord::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, threads)
                        .map(v -> threads + 1 - v)
                        .boxed()
                        .toList());
    }
}
