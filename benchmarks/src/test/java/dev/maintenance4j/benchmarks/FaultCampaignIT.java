package dev.maintenance4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The short form of the fault campaign ({@code benchmarks/fault-campaign.sh} runs the long one): one
 * round per store of the store SIGKILLed and restarted, frozen with SIGSTOP, and (caches) flushed, under
 * HTTP load and concurrent operators. The guarantees docs/reliability.md states must hold in every run.
 */
class FaultCampaignIT {

    @ParameterizedTest
    @EnumSource(FaultCampaign.Store.class)
    void underLoadAndConcurrentOperatorsEveryStoreFaultIsSurvived(FaultCampaign.Store store) throws Exception {
        FaultCampaign.Outcome outcome = FaultCampaign.run(store, 1, Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(outcome.faults()).hasSize(3);
        for (FaultCampaign.FaultResult fault : outcome.faults()) {
            assertThat(fault.requests()).as("%s: load ran", fault.fault()).isPositive();
            assertThat(fault.serverErrors())
                    .as("%s: no request answered 5xx because of the store", fault.fault())
                    .isZero();
            assertThat(fault.acknowledged())
                    .as("%s: operators kept working", fault.fault())
                    .isPositive();
            assertThat(fault.lostAcknowledged())
                    .as("%s: the last acknowledged change holds", fault.fault())
                    .isZero();
            assertThat(fault.reusedVersions())
                    .as("%s: no version acknowledged twice (no lost update)", fault.fault())
                    .isZero();
            assertThat(fault.convergenceMillis())
                    .as("%s: every instance converged", fault.fault())
                    .hasSize(3)
                    .allSatisfy(millis -> assertThat(millis).isLessThan(10_000L));
        }
        // pools warm up at the first fault (Lettuce event loops, Tomcat workers); a leak would keep growing
        assertThat(outcome.threadsAfter()).isLessThan(outcome.threadsBefore() + 40);
        assertThat(outcome.fdsAfter()).isLessThan(outcome.fdsBefore() + 60);
    }
}
