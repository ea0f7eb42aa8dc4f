package dev.maintenance4j.store.jdbc;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.AuditRecord;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.spi.Commit;
import dev.maintenance4j.spi.InstanceRegistry;
import dev.maintenance4j.spi.InstanceReport;
import dev.maintenance4j.spi.Listeners;
import dev.maintenance4j.spi.StateFormat;
import dev.maintenance4j.spi.StateFormatException;
import dev.maintenance4j.spi.StateStore;
import dev.maintenance4j.spi.StoreException;
import dev.maintenance4j.spi.StoredState;
import dev.maintenance4j.spi.VersionConflictException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state in tables of a SQL database: {@code <prefix>_state} (one row per namespace),
 * {@code <prefix>_audit} and {@code <prefix>_instances}, created on start when missing. Tested on
 * PostgreSQL and MariaDB with the whole contract suite; the SQL is standard (with MariaDB's and
 * MySQL's spelling of the table types), so other databases with {@code SELECT ... FOR UPDATE} and
 * {@code FETCH FIRST} should work, untested. Bring the database's JDBC driver.
 *
 * <ul>
 *   <li>Compare-and-set is {@code UPDATE ... WHERE namespace = ? AND version = ?} in a transaction with
 *       the audit insert: a stale writer updates no row and gets a conflict.</li>
 *   <li>On PostgreSQL the same transaction sends {@code NOTIFY <prefix>_changes} carrying the committed
 *       state (when it fits in a payload), and {@link #watch} listens on a dedicated connection,
 *       reconnecting after failures, and hands that state on without reading the table: changes arrive in
 *       milliseconds.
 *       Other databases have no push: instances poll (every second by default).</li>
 * </ul>
 */
public final class JdbcStateStore implements StateStore, InstanceRegistry {

    private static final Logger log = LoggerFactory.getLogger(JdbcStateStore.class);

    private final DataSource dataSource;
    private final @Nullable AutoCloseable ownedPool;
    private final String namespace;
    private final String stateTable;
    private final String auditTable;
    private final String instancesTable;
    private final String channel;
    private final SafeDefault safeDefault;
    private final boolean createTables;
    private volatile boolean ready;
    private volatile boolean postgres;
    private final Listeners<MaintenanceState> listeners = new Listeners<>();
    private @Nullable Thread listenerThread;
    private volatile boolean closed;

    private JdbcStateStore(Builder b) {
        this.dataSource = b.dataSource;
        this.ownedPool = b.ownedPool;
        this.namespace = b.namespace;
        this.stateTable = b.tablePrefix + "_state";
        this.auditTable = b.tablePrefix + "_audit";
        this.instancesTable = b.tablePrefix + "_instances";
        this.channel = b.tablePrefix + "_changes";
        this.safeDefault = b.safeDefault;
        this.createTables = b.createTables;
        try {
            connection().close();
        } catch (SQLException | StoreException e) {
            // an unreachable database is the view's business (it applies the safe default); retried on use
            log.warn("The maintenance database is not reachable yet: {}", e.getMessage());
        }
    }

    /** A connection, after making sure (once) that the tables exist. */
    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        if (!ready) {
            synchronized (this) {
                if (!ready) {
                    try {
                        postgres = c.getMetaData()
                                .getDatabaseProductName()
                                .toLowerCase(Locale.ROOT)
                                .contains("postgres");
                        if (createTables) {
                            createTables(c);
                        }
                        ready = true;
                    } catch (SQLException e) {
                        c.close();
                        throw e;
                    }
                }
            }
        }
        return c;
    }

    /** A store on this DataSource (pooled by the caller). */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource, null);
    }

    static Builder owning(DataSource dataSource, AutoCloseable pool) {
        return new Builder(dataSource, pool);
    }

    /**
     * Standard SQL (PostgreSQL and others), or MariaDB's and MySQL's spelling of the same: an
     * auto-increment key, a timestamp, and text without a small size limit.
     */
    private void createTables(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        boolean mysql = product.contains("mariadb") || product.contains("mysql");
        String identity =
                mysql ? "BIGINT AUTO_INCREMENT PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        String timestamp = mysql ? "DATETIME(6)" : "TIMESTAMP WITH TIME ZONE";
        String text = mysql ? "LONGTEXT" : "TEXT";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + stateTable
                    + " (namespace VARCHAR(100) PRIMARY KEY, version BIGINT NOT NULL, " + "state " + text
                    + " NOT NULL, updated_at " + timestamp + " NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + auditTable + " (id " + identity + ", "
                    + "namespace VARCHAR(100) NOT NULL, version BIGINT NOT NULL, at " + timestamp + " NOT NULL, record "
                    + text + " NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + instancesTable
                    + " (namespace VARCHAR(100) NOT NULL, id VARCHAR(200) NOT NULL, " + "report " + text
                    + " NOT NULL, last_seen " + timestamp + " NOT NULL, PRIMARY KEY (namespace, id))");
        } catch (SQLException e) {
            // another instance may have created them concurrently
            if (!tableExists(c, stateTable) || !tableExists(c, auditTable) || !tableExists(c, instancesTable)) {
                throw e;
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static boolean tableExists(Connection c, String table) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public StoredState readStored() {
        return onConnection((c, writing) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT state FROM " + stateTable + " WHERE namespace = ?")) {
                s.setString(1, namespace);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? decode(rs.getString(1)) : StoredState.of(MaintenanceState.off());
                }
            }
        });
    }

    /**
     * How many times an operation that wrote nothing is tried again on another connection when the server
     * closed the one it got: after a database restart (even {@code pg_ctl restart -m fast}) or a failover,
     * every pooled connection is dead, and the pool learns it one failure at a time.
     */
    private static final int RECONNECTS = 3;

    /** Work on one connection; it calls {@link Writing#begin()} before its first write. */
    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection c, Writing writing) throws SQLException;
    }

    /** Whether a unit of work began writing: after that, a lost connection leaves its outcome unknown. */
    private static final class Writing {
        private boolean began;

        void begin() {
            began = true;
        }
    }

    /**
     * Runs {@code work} on a pooled connection. A connection the server had closed, found before the work
     * began writing, changed nothing: the work runs again on another (the pool drops the dead one). No
     * connection at all means the database is down, and retrying would only wait longer; once a write began,
     * whether it was committed is unknown, and the caller's next read tells.
     */
    private <T> T onConnection(ConnectionWork<T> work) {
        for (int attempt = 0; ; attempt++) {
            Connection connection;
            try {
                connection = connection();
            } catch (SQLException e) {
                throw unreachable(e);
            }
            Writing writing = new Writing();
            try (Connection c = connection) {
                return work.run(c, writing);
            } catch (SQLException e) {
                if (!writing.began && attempt < RECONNECTS && connectionLost(e)) {
                    continue;
                }
                throw unreachable(e);
            }
        }
    }

    private static StoreException unreachable(SQLException e) {
        return new StoreException("the maintenance database is unreachable: " + e.getMessage(), e);
    }

    /** True when the failure means the connection is gone (SQLSTATE class 08, or 57P: the server shut down), not the statement. */
    static boolean connectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private StoredState decode(@Nullable String json) {
        return StoredState.decode(
                json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                safeDefault,
                stateTable + " (namespace " + namespace + ")");
    }

    @Override
    public MaintenanceState compareAndSet(long expectedVersion, MaintenanceState proposed, Change change) {
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(change, "change");
        return onConnection((c, writing) -> compareAndSetOn(c, writing, expectedVersion, proposed, change));
    }

    private MaintenanceState compareAndSetOn(
            Connection c, Writing writing, long expectedVersion, MaintenanceState proposed, Change change)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            StoredState stored;
            long storedVersion;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT version, state FROM " + stateTable + " WHERE namespace = ? FOR UPDATE")) {
                s.setString(1, namespace);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        storedVersion = rs.getLong(1);
                        stored = decode(rs.getString(2));
                    } else {
                        storedVersion = -1;
                        stored = StoredState.of(MaintenanceState.off());
                    }
                }
            }
            long versionColumn = storedVersion;
            Commit commit = Commit.over(stored, expectedVersion, proposed, change, () -> versionColumn);
            MaintenanceState next = commit.next();
            String json = new String(StateFormat.encode(next), StandardCharsets.UTF_8);
            Timestamp now = Timestamp.from(change.at());
            int updated;
            writing.begin();
            if (storedVersion < 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO " + stateTable + " (namespace, version, state, updated_at) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, namespace);
                    s.setLong(2, next.version());
                    s.setString(3, json);
                    s.setTimestamp(4, now);
                    updated = s.executeUpdate();
                } catch (SQLException duplicate) {
                    c.rollback();
                    throw new VersionConflictException(expectedVersion, read().version());
                }
            } else {
                // the stored version column may differ from the decoded one when the state was corrupt: update by
                // the row we locked
                try (PreparedStatement s = c.prepareStatement("UPDATE " + stateTable
                        + " SET version = ?, state = ?, updated_at = ? WHERE namespace = ? AND version = ?")) {
                    s.setLong(1, next.version());
                    s.setString(2, json);
                    s.setTimestamp(3, now);
                    s.setString(4, namespace);
                    s.setLong(5, storedVersion);
                    updated = s.executeUpdate();
                }
            }
            if (updated != 1) {
                c.rollback();
                throw new VersionConflictException(expectedVersion, read().version());
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO " + auditTable + " (namespace, version, at, record) VALUES (?, ?, ?, ?)")) {
                s.setString(1, namespace);
                s.setLong(2, next.version());
                s.setTimestamp(3, now);
                s.setString(4, new String(StateFormat.encodeAudit(commit.audit()), StandardCharsets.UTF_8));
                s.executeUpdate();
            }
            if (postgres) {
                PostgresNotifications.notify(
                        c, channel, PostgresNotifications.payload(namespace, next.version(), json));
            }
            c.commit();
            return next;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    @Override
    public List<AuditRecord> history(int limit) {
        StateStore.requireHistoryLimit(limit);
        return onConnection((c, writing) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT record FROM " + auditTable
                    + " WHERE namespace = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
                s.setString(1, namespace);
                s.setInt(2, limit);
                List<AuditRecord> records = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        try {
                            records.add(StateFormat.decodeAudit(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
                        } catch (StateFormatException e) {
                            log.warn("Skipping an unreadable audit record in {}: {}", auditTable, e.getMessage());
                        }
                    }
                }
                return records;
            }
        });
    }

    @Override
    public synchronized Subscription watch(Consumer<MaintenanceState> listener) {
        Subscription subscription = listeners.add(listener);
        if (listenerThread == null && isPostgres()) {
            listenerThread = new Thread(this::listen, "maintenance4j-pg-listen");
            listenerThread.setDaemon(true);
            listenerThread.start();
        }
        return subscription;
    }

    private boolean isPostgres() {
        try (Connection c = connection()) {
            return postgres;
        } catch (SQLException e) {
            // not known yet: assume the URI tells, else polling only
            return describeUrl().contains("postgres");
        }
    }

    private String describeUrl() {
        return dataSource.toString().toLowerCase(Locale.ROOT);
    }

    /** LISTEN on a dedicated connection; reconnect with backoff after failures. */
    private void listen() {
        long backoff = 100;
        while (!closed) {
            try (Connection c = connection()) {
                c.setAutoCommit(true);
                PostgresNotifications.Listening listening = PostgresNotifications.listen(c, channel);
                backoff = 100;
                deliver(); // catch up with anything missed while not listening
                while (!closed) {
                    for (String carried : listening.await(namespace)) {
                        deliver(carried);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.debug("LISTEN {} lost ({}); reconnecting in {} ms", channel, e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    /**
     * Publishes the state a notification carried, as committed: no read; a notification without one (too
     * long for a payload, or from an older version) or with an unreadable one is followed by a read.
     */
    private void deliver(String carried) {
        if (carried.isEmpty()) {
            deliver();
            return;
        }
        StoredState state = decode(carried);
        if (state.readable()) {
            listeners.publish(state.state());
        } else {
            deliver();
        }
    }

    private void deliver() {
        MaintenanceState state;
        try {
            state = read();
        } catch (StoreException e) {
            return;
        }
        listeners.publish(state);
    }

    @Override
    public Optional<InstanceRegistry> instanceRegistry() {
        return Optional.of(this);
    }

    /** Reports live in {@code <prefix>_instances}, a row per instance (update, else insert). */
    @Override
    public void heartbeat(InstanceReport report) {
        String json = new String(StateFormat.encodeInstance(report), StandardCharsets.UTF_8);
        try (Connection c = connection()) {
            c.setAutoCommit(true);
            int updated;
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE " + instancesTable + " SET report = ?, last_seen = ? WHERE namespace = ? AND id = ?")) {
                s.setString(1, json);
                s.setTimestamp(2, Timestamp.from(report.lastSeen()));
                s.setString(3, namespace);
                s.setString(4, report.id());
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO " + instancesTable + " (namespace, id, report, last_seen) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, namespace);
                    s.setString(2, report.id());
                    s.setString(3, json);
                    s.setTimestamp(4, Timestamp.from(report.lastSeen()));
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    @Override
    public List<InstanceReport> reports() {
        try (Connection c = connection()) {
            c.setAutoCommit(true);
            List<InstanceReport> reports = new ArrayList<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT report FROM " + instancesTable + " WHERE namespace = ?")) {
                s.setString(1, namespace);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        try {
                            reports.add(
                                    StateFormat.decodeInstance(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
                        } catch (StateFormatException e) {
                            log.warn("Skipping an unreadable instance report: {}", e.getMessage());
                        }
                    }
                }
            }
            return reports;
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    @Override
    public void forget(String instanceId) {
        try (Connection c = connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM " + instancesTable + " WHERE namespace = ? AND id = ?")) {
                s.setString(1, namespace);
                s.setString(2, instanceId);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    @Override
    public String describe() {
        return "jdbc " + stateTable + "/" + namespace;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (listenerThread != null) {
            listenerThread.interrupt();
        }
        if (ownedPool != null) {
            try {
                ownedPool.close();
            } catch (Exception e) {
                log.debug("closing the connection pool: {}", e.toString());
            }
        }
    }

    /** Builds {@link JdbcStateStore}s; setters validate at once. */
    public static final class Builder {
        private final DataSource dataSource;
        private final @Nullable AutoCloseable ownedPool;
        private String namespace = "default";
        private String tablePrefix = "maintenance";
        private SafeDefault safeDefault = SafeDefault.OPEN;
        private boolean createTables = true;

        private Builder(DataSource dataSource, @Nullable AutoCloseable ownedPool) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.ownedPool = ownedPool;
        }

        /** Separates services sharing one database (default {@code default}). */
        public Builder namespace(String namespace) {
            if (namespace.isEmpty() || namespace.length() > 100) {
                throw new IllegalArgumentException(
                        "namespace must have 1 to 100 characters, but was '" + namespace + "'");
            }
            this.namespace = namespace;
            return this;
        }

        /** Tables are {@code <prefix>_state} and {@code <prefix>_audit} (default {@code maintenance}). */
        public Builder tablePrefix(String prefix) {
            if (!prefix.matches("[A-Za-z_][A-Za-z0-9_]{0,40}")) {
                throw new IllegalArgumentException(
                        "table prefix must be a plain SQL identifier, but was '" + prefix + "'");
            }
            this.tablePrefix = prefix.toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder safeDefault(SafeDefault safeDefault) {
            this.safeDefault = Objects.requireNonNull(safeDefault, "safeDefault");
            return this;
        }

        /** Create the tables on start when missing (default true). */
        public Builder createTables(boolean createTables) {
            this.createTables = createTables;
            return this;
        }

        /**
         * Opens the store (creating the tables).
         *
         * @throws StoreException when the database can not be reached
         */
        public JdbcStateStore build() {
            return new JdbcStateStore(this);
        }
    }
}
