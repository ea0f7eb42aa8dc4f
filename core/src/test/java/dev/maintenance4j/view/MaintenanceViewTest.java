package dev.maintenance4j.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.ForwardingStateStore;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.store.file.FileStateStore;
import dev.maintenance4j.time.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceViewTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private FileStateStore fileStore() {
        FileStateStore store = FileStateStore.builder(dir.resolve("state.json"))
                .pollInterval(Duration.ofMillis(100))
                .build();
        toClose.add(store);
        return store;
    }

    private MaintenanceView start(StateStore store, SafeDefault safeDefault) {
        MaintenanceView view = MaintenanceView.builder(store)
                .pollInterval(Duration.ofMillis(100))
                .safeDefault(safeDefault)
                .build();
        toClose.add(view);
        return view;
    }

    private static Change change() {
        return new Change("down", "alice", "test", Instant.now());
    }

    private static MaintenanceState on(String reason) {
        return MaintenanceState.builder()
                .enabled(true)
                .mode(Mode.FULL)
                .reason(reason)
                .build();
    }

    @Test
    void aPushThatArrivesAfterANewerReadNeverTakesTheViewBack() {
        // found by CI: the push of one change was queued, a read applied the next change, then the queued push ran
        // and put the older state back in force until the next poll
        FileStateStore file = fileStore();
        AtomicReference<Consumer<MaintenanceState>> feed = new AtomicReference<>();
        StateStore store = new ForwardingStateStore(file) {
            @Override
            public Subscription watch(Consumer<MaintenanceState> listener) {
                feed.set(listener);
                return () -> {};
            }
        };
        List<Runnable> queued = new ArrayList<>();
        Scheduler held = new Scheduler() {
            @Override
            public Task schedule(Runnable task, Duration delay) {
                if (delay.isZero()) {
                    queued.add(task);
                }
                return () -> {};
            }

            @Override
            public Task scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
                return () -> {};
            }
        };
        MaintenanceView view = MaintenanceView.builder(store).scheduler(held).build();
        toClose.add(view);
        view.start();
        queued.clear();

        MaintenanceState first = file.compareAndSet(0, on("first"), change());
        feed.get().accept(first); // its push is queued on the view's thread, not yet applied
        file.compareAndSet(first.version(), on("second"), change());
        view.refresh(); // a read (a poll, or the writer's own refresh) applies the second change
        assertThat(view.current().reason()).isEqualTo("second");

        queued.forEach(Runnable::run); // now the first change's push runs
        assertThat(view.current().reason())
                .as("a late push of an older version is not applied over a newer state")
                .isEqualTo("second");
    }

    @Test
    void followsChangesMadeByAnotherWriterAndPublishesTransitions() {
        FileStateStore store = fileStore();
        MaintenanceView view = start(store, SafeDefault.OPEN);
        List<MaintenanceEvent> events = new CopyOnWriteArrayList<>();
        view.addListener(events::add);
        view.start();
        assertThat(view.current().enabled()).isFalse();
        assertThat(view.storeReachable()).isTrue();

        FileStateStore writer = fileStore();
        MaintenanceState v1 = writer.compareAndSet(0, on("one"), change());
        await().atMost(Duration.ofSeconds(5)).until(() -> view.current().equals(v1));
        MaintenanceState v2 = writer.compareAndSet(1, on("two"), change());
        await().atMost(Duration.ofSeconds(5)).until(() -> view.current().equals(v2));
        writer.compareAndSet(2, MaintenanceState.off(), change());
        await().atMost(Duration.ofSeconds(5)).until(() -> !view.current().enabled());

        await().untilAsserted(() -> assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Activated", "Updated", "Deactivated"));
    }

    @Test
    void keepsTheLastKnownStateWhileTheStoreFailsAndRecovers() {
        FlakyStore store = new FlakyStore(fileStore());
        MaintenanceState v1 = store.compareAndSet(0, on("known"), change());
        MaintenanceView view = start(store, SafeDefault.OPEN).start();
        assertThat(view.current()).isEqualTo(v1);

        store.failing = true;
        view.refresh();
        assertThat(view.current()).isEqualTo(v1);
        assertThat(view.storeReachable()).isFalse();
        assertThat(view.lastFailure()).contains("store is down");

        store.failing = false;
        view.refresh();
        assertThat(view.storeReachable()).isTrue();
        assertThat(view.current()).isEqualTo(v1);
    }

    @Test
    void aStoreNeverReachedGivesTheExplicitSafeDefault() {
        FlakyStore open = new FlakyStore(fileStore());
        open.failing = true;
        assertThat(start(open, SafeDefault.OPEN).start().current().enabled()).isFalse();
        MaintenanceView closed = start(open, SafeDefault.CLOSED).start();
        assertThat(closed.current().enabled()).isTrue();
        assertThat(closed.storeReachable()).isFalse();

        open.failing = false;
        closed.refresh();
        assertThat(closed.current().enabled()).isFalse();
    }

    @Test
    void anInstanceRestartingWhileTheStoreIsDownStartsFromItsLocalMirror() {
        Path mirror = dir.resolve("mirror/last-state.json");
        FlakyStore store = new FlakyStore(fileStore());
        MaintenanceState known = store.compareAndSet(0, on("mirrored"), change());
        MaintenanceView first =
                MaintenanceView.builder(store).localMirror(mirror).build();
        toClose.add(first);
        first.start();
        assertThat(mirror).exists();

        store.failing = true;
        MaintenanceView restarted = MaintenanceView.builder(store)
                .localMirror(mirror)
                .safeDefault(SafeDefault.OPEN)
                .build();
        toClose.add(restarted);
        restarted.start();
        assertThat(restarted.storeReachable()).isFalse();
        assertThat(restarted.current()).isEqualTo(known);

        MaintenanceView withoutMirror = start(store, SafeDefault.OPEN).start();
        assertThat(withoutMirror.current().enabled()).isFalse();
    }

    /** A real file store that can be told to fail like an unreachable network store. */
    static final class FlakyStore extends ForwardingStateStore {
        volatile boolean failing;

        FlakyStore(StateStore delegate) {
            super(delegate);
        }

        private void check() {
            if (failing) {
                throw new StoreException("store is down");
            }
        }

        @Override
        public StoredState readStored() {
            check();
            return super.readStored();
        }

        @Override
        public MaintenanceState compareAndSet(long expectedVersion, MaintenanceState proposed, Change change) {
            check();
            return super.compareAndSet(expectedVersion, proposed, change);
        }

        @Override
        public List<AuditRecord> history(int limit) {
            check();
            return super.history(limit);
        }

        @Override
        public String describe() {
            return "flaky " + super.describe();
        }
    }

    @Test
    void aStateThatTurnsUnreadableLeavesTheLastGoodOneInForce() throws Exception {
        FileStateStore store = fileStore();
        MaintenanceState good = store.compareAndSet(0, on("db upgrade"), change());
        MaintenanceView view = start(store, SafeDefault.OPEN);
        view.start();
        assertThat(view.current()).isEqualTo(good);
        Files.writeString(dir.resolve("state.json"), "{\"format\":1,");
        view.refresh();
        assertThat(view.current()).as("kept, not the safe default 'open'").isEqualTo(good);
        MaintenanceState rewritten = store.compareAndSet(0, on("rewritten"), change());
        view.refresh();
        assertThat(view.current()).isEqualTo(rewritten);
        assertThat(rewritten.version()).isEqualTo(2);
    }

    @Test
    void configuredSoAnUnreadableStateAppliesTheSafeDefaultAtOnce() throws Exception {
        FileStateStore store = fileStore();
        store.compareAndSet(0, on("db upgrade"), change());
        MaintenanceView view = MaintenanceView.builder(store)
                .pollInterval(Duration.ofMinutes(1))
                .safeDefault(SafeDefault.OPEN)
                .keepLastGoodState(false)
                .build();
        toClose.add(view);
        view.start();
        assertThat(view.current().enabled()).isTrue();
        Files.writeString(dir.resolve("state.json"), "{\"format\":1,");
        view.refresh();
        assertThat(view.current()).isEqualTo(SafeDefault.OPEN.state());
    }

    @Test
    void aStoreThatLostTheStateGetsItBack() throws Exception {
        FileStateStore store = fileStore();
        MaintenanceState good = store.compareAndSet(0, on("db upgrade"), change());
        MaintenanceView view = start(store, SafeDefault.OPEN);
        view.start();
        Files.delete(dir.resolve("state.json"));
        view.refresh();
        assertThat(view.current()).isEqualTo(good);
        assertThat(store.read()).isEqualTo(good);
        assertThat(store.history(1).get(0).change().action()).isEqualTo("restore");
    }

    /** A file store whose directory can be taken away (as root, permissions would not stop a read). */
    private static void takeAway(Path dir) throws Exception {
        Files.move(dir, dir.resolveSibling(dir.getFileName() + ".away"));
        Files.writeString(dir, "not a directory");
    }

    private static void giveBack(Path dir) throws Exception {
        Files.delete(dir);
        Files.move(dir.resolveSibling(dir.getFileName() + ".away"), dir);
    }

    /** A file store in {@code shared/} holding version 1, a started view on it, and a control that falls back to the view. */
    private record Outage(Path stateDir, FileStateStore store, MaintenanceView view, MaintenanceControl control) {}

    private Outage outage() {
        Path stateDir = dir.resolve("shared");
        FileStateStore store =
                FileStateStore.builder(stateDir.resolve("state.json")).build();
        toClose.add(store);
        store.compareAndSet(0, on("db upgrade"), change());
        MaintenanceView view = MaintenanceView.builder(store)
                .pollInterval(Duration.ofMinutes(1))
                .build();
        toClose.add(view);
        view.start();
        return new Outage(
                stateDir,
                store,
                view,
                MaintenanceControl.of(store, Clock.systemUTC()).forInstance(view));
    }

    @Test
    void aChangeMadeWhileTheStoreIsDownIsInForceAndWrittenWhenItAnswers() throws Exception {
        Outage o = outage();
        Path stateDir = o.stateDir();
        FileStateStore store = o.store();
        MaintenanceView view = o.view();
        MaintenanceControl control = o.control();

        takeAway(stateDir);
        MaintenanceControl.Result result = control.disable(new Actor("ops", "test"));
        assertThat(result.pending()).isTrue();
        assertThat(view.current().enabled()).as("in force here at once").isFalse();
        assertThat(view.hasPendingChange()).isTrue();
        view.refresh(); // still down: still pending
        assertThat(view.hasPendingChange()).isTrue();

        giveBack(stateDir);
        view.refresh();
        assertThat(view.hasPendingChange()).isFalse();
        assertThat(store.read().enabled()).isFalse();
        assertThat(store.read().version()).isEqualTo(2);
        assertThat(store.history(1).get(0).change().origin()).endsWith("(while the store was unreachable)");
    }

    @Test
    void aChangeMadeWhileTheStoreIsDownLosesToOneTheStoreGotMeanwhile() throws Exception {
        Outage o = outage();
        Path stateDir = o.stateDir();
        FileStateStore store = o.store();
        MaintenanceView view = o.view();
        MaintenanceControl control = o.control();

        takeAway(stateDir);
        assertThat(control.disable(new Actor("ops", "test")).pending()).isTrue();
        // meanwhile another operator reached the store and changed it
        try (FileStateStore other = FileStateStore.builder(
                        stateDir.resolveSibling("shared.away").resolve("state.json"))
                .build()) {
            other.compareAndSet(1, on("longer upgrade"), change());
        }
        giveBack(stateDir);
        view.refresh();
        assertThat(view.hasPendingChange()).isFalse();
        assertThat(view.current().reason()).as("the store wins").isEqualTo("longer upgrade");
        assertThat(view.current().enabled()).isTrue();
        assertThat(store.read().version()).isEqualTo(2);
    }
}
