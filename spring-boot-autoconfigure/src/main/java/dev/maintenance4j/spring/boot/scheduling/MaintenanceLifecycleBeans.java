package dev.maintenance4j.spring.boot.scheduling;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.event.MaintenanceEvent;
import dev.maintenance4j.event.MaintenanceListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.Lifecycle;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Stops the named {@link Lifecycle} beans (message listener containers, consumers, pollers) when
 * maintenance comes into force and starts them again when it ends. An application started during maintenance
 * has them stopped as soon as the context has started them: maintenance4j starts earlier (before the web server),
 * so the state is known before they run, but the context starts them after it has applied it.
 */
public final class MaintenanceLifecycleBeans
        implements MaintenanceListener, ApplicationListener<ContextRefreshedEvent> {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceLifecycleBeans.class);

    private final BeanFactory beans;
    private final List<String> names;

    public MaintenanceLifecycleBeans(BeanFactory beans, List<String> names) {
        this.beans = beans;
        this.names = List.copyOf(names);
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        Maintenance maintenance = beans.getBean(Maintenance.class);
        if (maintenance.state().isActiveAt(maintenance.clock().instant())) {
            stopAll();
        }
    }

    @Override
    public void onEvent(MaintenanceEvent event) {
        if (event instanceof MaintenanceEvent.Activated) {
            stopAll();
        } else if (event instanceof MaintenanceEvent.Deactivated) {
            for (String name : names) {
                Lifecycle bean = beans.getBean(name, Lifecycle.class);
                if (!bean.isRunning()) {
                    log.info("Maintenance over: starting {}", name);
                    bean.start();
                }
            }
        }
    }

    private void stopAll() {
        for (String name : names) {
            Lifecycle bean = beans.getBean(name, Lifecycle.class);
            if (bean.isRunning()) {
                log.info("Maintenance: stopping {}", name);
                bean.stop();
            }
        }
    }
}
