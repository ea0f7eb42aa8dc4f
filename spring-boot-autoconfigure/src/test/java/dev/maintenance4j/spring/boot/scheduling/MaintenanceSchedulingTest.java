package dev.maintenance4j.spring.boot.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.Mode;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.control.MaintenanceControl;
import dev.maintenance4j.spring.boot.MaintenanceAutoConfiguration;
import dev.maintenance4j.spring.boot.MaintenanceLifecycle;
import dev.maintenance4j.store.file.FileStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Scheduled jobs skipped during maintenance and resumed after; emergency interrupts; lifecycle beans stopped. */
class MaintenanceSchedulingTest {

    private ApplicationContextRunner runner() throws Exception {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class,
                        TaskSchedulingAutoConfiguration.class,
                        MaintenanceAutoConfiguration.class,
                        MaintenanceSchedulingAutoConfiguration.class))
                .withUserConfiguration(Jobs.class)
                .withPropertyValues(
                        "maintenance.store=file:"
                                + Files.createTempDirectory("scheduling").resolve("state.json"),
                        "maintenance.scheduling.emergency-grace-period=300ms",
                        "maintenance.scheduling.stop-beans=consumer",
                        "spring.task.scheduling.pool.size=4");
    }

    private static void enable(Maintenance maintenance, Mode mode) {
        MaintenanceControl.of(maintenance.view().store(), maintenance.clock())
                .enable(EnableOptions.builder().mode(mode).build(), new Actor("test", "test"));
        maintenance.view().refresh();
    }

    private static void disable(Maintenance maintenance) {
        MaintenanceControl.of(maintenance.view().store(), maintenance.clock()).disable(new Actor("test", "test"));
        maintenance.view().refresh();
    }

    @Test
    void jobsAreSkippedDuringMaintenanceAndResumeAfterUnlessMarked() throws Exception {
        runner().run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            Maintenance maintenance = context.getBean(Maintenance.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> jobs.ordinary() >= 2);

            enable(maintenance, Mode.FULL);
            Thread.sleep(150); // a run in progress may still finish
            int frozen = jobs.ordinary();
            int exemptBefore = jobs.exempt();
            Thread.sleep(500);
            assertThat(jobs.ordinary()).as("ordinary job skipped").isEqualTo(frozen);
            assertThat(jobs.exempt())
                    .as("@RunDuringMaintenance job keeps running")
                    .isGreaterThan(exemptBefore);
            assertThat(context.getBean(MaintenanceScheduledTaskInterceptor.class)
                            .skippedRuns())
                    .isPositive();

            disable(maintenance);
            await().atMost(Duration.ofSeconds(5)).until(() -> jobs.ordinary() > frozen);
        });
    }

    @Test
    void testModeSkipsNothing() throws Exception {
        runner().run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            enable(context.getBean(Maintenance.class), Mode.TEST);
            int before = jobs.ordinary();
            await().atMost(Duration.ofSeconds(5)).until(() -> jobs.ordinary() > before + 2);
        });
    }

    @Test
    void anEmergencyInterruptsRunningJobsAfterTheGracePeriod() throws Exception {
        runner().run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            jobs.armLongJob();
            await().atMost(Duration.ofSeconds(5)).until(jobs::longJobStarted);
            long start = System.nanoTime();
            enable(context.getBean(Maintenance.class), Mode.EMERGENCY);
            await().atMost(Duration.ofSeconds(5)).until(jobs::longJobInterrupted);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).as("not before the grace period").isGreaterThanOrEqualTo(250);
            assertThat(context.getBean(MaintenanceScheduledTaskInterceptor.class)
                            .interruptedRuns())
                    .isPositive();
        });
    }

    @Test
    void lifecycleBeansStopDuringMaintenanceAndStartAfter() throws Exception {
        runner().run(context -> {
            Consumer consumer = context.getBean("consumer", Consumer.class);
            Maintenance maintenance = context.getBean(Maintenance.class);
            assertThat(consumer.isRunning()).isTrue();
            enable(maintenance, Mode.READ_ONLY);
            assertThat(consumer.isRunning()).isFalse();
            disable(maintenance);
            assertThat(consumer.isRunning()).isTrue();
        });
    }

    @Test
    void anApplicationStartedDuringMaintenanceKeepsItsLifecycleBeansStopped() throws Exception {
        Path state = Files.createTempDirectory("scheduling").resolve("state.json");
        try (FileStateStore store = FileStateStore.builder(state).build()) {
            MaintenanceControl.of(store, Clock.systemUTC())
                    .enable(EnableOptions.builder().mode(Mode.FULL).build(), new Actor("test", "test"));
        }
        runner().withPropertyValues("maintenance.store=file:" + state).run(context -> {
            Consumer consumer = context.getBean("consumer", Consumer.class);
            assertThat(consumer.isRunning())
                    .as("the context started it after maintenance4j read the state: stopped again")
                    .isFalse();
            disable(context.getBean(Maintenance.class));
            assertThat(consumer.isRunning()).isTrue();
        });
    }

    @Test
    void maintenanceStartsBeforeTheApplicationsLifecycleBeansAndStopsAfterThem() throws Exception {
        runner().run(context -> {
            assertThat(context.getBean(MaintenanceLifecycle.class).isRunning()).isTrue();
            assertThat(context.getBean(MaintenanceLifecycle.class).getPhase())
                    .isLessThan(context.getBean("consumer", Consumer.class).getPhase());
            context.stop();
            assertThat(context.getBean(MaintenanceLifecycle.class).isRunning()).isFalse();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Jobs {
        final AtomicInteger ordinary = new AtomicInteger();
        final AtomicInteger exempt = new AtomicInteger();
        final AtomicBoolean longJobStarted = new AtomicBoolean();
        final AtomicBoolean longJobInterrupted = new AtomicBoolean();
        final AtomicBoolean armLongJob = new AtomicBoolean();

        @Scheduled(fixedDelay = 50)
        public void ordinaryJob() {
            ordinary.incrementAndGet();
        }

        @Scheduled(fixedDelay = 50)
        @RunDuringMaintenance
        public void exemptJob() {
            exempt.incrementAndGet();
        }

        @Scheduled(fixedDelay = 100)
        public void longJob() {
            if (!armLongJob.get() || longJobStarted.get()) {
                return;
            }
            longJobStarted.set(true);
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                longJobInterrupted.set(true);
                Thread.currentThread().interrupt();
            }
        }

        @Bean
        Consumer consumer() {
            return new Consumer();
        }

        // read through methods: the bean is proxied (its @Scheduled methods are intercepted)
        public int ordinary() {
            return ordinary.get();
        }

        public int exempt() {
            return exempt.get();
        }

        public void armLongJob() {
            armLongJob.set(true);
        }

        public boolean longJobStarted() {
            return longJobStarted.get();
        }

        public boolean longJobInterrupted() {
            return longJobInterrupted.get();
        }
    }

    /** Stands in for a message listener container. */
    static class Consumer implements SmartLifecycle {
        private volatile boolean running;

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
