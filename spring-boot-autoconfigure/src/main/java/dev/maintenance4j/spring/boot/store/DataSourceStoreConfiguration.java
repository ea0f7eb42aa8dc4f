package dev.maintenance4j.spring.boot.store;

import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spring.boot.MaintenanceProperties;
import dev.maintenance4j.spring.boot.MaintenanceStartupException;
import dev.maintenance4j.store.jdbc.JdbcStateStore;
import dev.maintenance4j.text.Failures;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code maintenance.store=datasource}: the state lives in the application's own database, through its own
 * {@link DataSource} (and pool: Spring Boot's {@code spring.datasource.*} settings apply, no second pool is
 * opened). Needs {@code maintenance4j-store-jdbc} on the class path; the tables ({@code maintenance_state},
 * {@code maintenance_audit}) are created when missing, rows kept apart by {@code maintenance.store-namespace}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcStateStore.class)
@ConditionalOnProperty(prefix = "maintenance", name = "store", havingValue = DataSourceStoreConfiguration.STORE)
public class DataSourceStoreConfiguration {

    /** The value of {@code maintenance.store} that selects the application's DataSource. */
    public static final String STORE = "datasource";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StateStore maintenanceStateStore(MaintenanceProperties properties, ObjectProvider<DataSource> dataSources) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new MaintenanceStartupException(
                    "maintenance.store=datasource but the application has "
                            + (dataSources.stream().findAny().isPresent() ? "several DataSources" : "no DataSource"),
                    "Configure one DataSource (spring.datasource.url), or mark one @Primary, or set maintenance.store "
                            + "to a URI such as jdbc:postgresql://HOST/DB?user=U.",
                    null);
        }
        try {
            return JdbcStateStore.builder(dataSource)
                    .namespace(properties.storeNamespace())
                    .safeDefault(properties.safeDefault())
                    .build();
        } catch (IllegalArgumentException | StoreException e) {
            throw new MaintenanceStartupException(
                    "cannot keep the maintenance state in the application's DataSource: " + Failures.describe(e),
                    "Check that the database is reachable and that the application's user may create tables, or "
                            + "create maintenance_state and maintenance_audit for it.",
                    e);
        }
    }
}
