package dev.maintenance4j.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's LISTEN/NOTIFY, the push this store has there. Kept apart so that only PostgreSQL users
 * need the PostgreSQL driver: this class is loaded only when the database says it is PostgreSQL.
 */
final class PostgresNotifications {

    private PostgresNotifications() {}

    /** PostgreSQL's limit on a payload (bytes, less one); a longer state is announced by version only. */
    private static final int MAX_PAYLOAD = 7999;

    /**
     * {@code namespace:version:state}: the state as committed, so listeners need not read it again; or
     * {@code namespace:version} when the state would not fit.
     */
    static String payload(String namespace, long version, String stateJson) {
        String announced = namespace + ":" + version;
        String carried = announced + ":" + stateJson;
        return carried.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD ? carried : announced;
    }

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
         * Waits up to a second for notifications of {@code namespace}; returns, in order, the state each
         * carried ({@code ""} for one that announced a version only). A quiet second also checks the
         * connection, so a dead one throws.
         */
        List<String> await(String namespace) throws SQLException {
            PGNotification[] notifications = pg.getNotifications(1000);
            if (notifications == null) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SELECT 1");
                }
                return List.of();
            }
            String prefix = namespace + ":";
            List<String> carried = new ArrayList<>();
            for (PGNotification n : notifications) {
                String payload = n.getParameter();
                if (payload.startsWith(prefix)) {
                    int state = payload.indexOf(':', prefix.length());
                    carried.add(state < 0 ? "" : payload.substring(state + 1));
                }
            }
            return carried;
        }
    }
}
