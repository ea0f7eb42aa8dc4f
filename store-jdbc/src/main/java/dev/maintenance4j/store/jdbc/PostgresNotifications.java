package dev.maintenance4j.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's LISTEN/NOTIFY, the push this store has there. Kept apart so that only PostgreSQL users
 * need the PostgreSQL driver: this class is loaded only when the database says it is PostgreSQL.
 */
final class PostgresNotifications {

    private PostgresNotifications() {}

    /** Sends the notification in the writer's transaction: delivered only if it commits. */
    static void notify(Connection c, String channel, String payload) throws SQLException {
        try (var s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, channel);
            s.setString(2, payload);
            s.execute();
        }
    }

    /** Listens on {@code channel} on a dedicated connection. */
    static Listening listen(Connection c, String channel) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + channel);
        }
        return new Listening(c, c.unwrap(PGConnection.class));
    }

    /** A connection listening on a channel. */
    static final class Listening {
        private final Connection connection;
        private final PGConnection pg;

        private Listening(Connection connection, PGConnection pg) {
            this.connection = connection;
            this.pg = pg;
        }

        /**
         * Waits up to a second; true when a notification starting with {@code prefix} arrived. A quiet
         * second also checks the connection, so a dead one throws.
         */
        boolean await(String prefix) throws SQLException {
            PGNotification[] notifications = pg.getNotifications(1000);
            if (notifications == null) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SELECT 1");
                }
                return false;
            }
            for (PGNotification n : notifications) {
                if (n.getParameter().startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
