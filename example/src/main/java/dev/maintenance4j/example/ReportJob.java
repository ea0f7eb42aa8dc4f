package dev.maintenance4j.example;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** A background job, as most services have one: it counts its runs. */
@Component
public class ReportJob {

    private static final Logger log = LoggerFactory.getLogger(ReportJob.class);

    private final AtomicLong runs = new AtomicLong();

    @Scheduled(fixedDelayString = "${example.report-job.delay:30s}")
    public void run() {
        long n = runs.incrementAndGet();
        log.debug("report job run {}", n);
    }

    public long runs() {
        return runs.get();
    }
}
