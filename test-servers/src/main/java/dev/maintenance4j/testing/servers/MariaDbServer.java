package dev.maintenance4j.testing.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real MariaDB (Debian package {@code mariadb-server}): a fresh data directory made with
 * {@code mariadb-install-db} in a temporary directory, user {@code root} without a password on the
 * loopback address, and an empty database {@code maintenance}.
 */
public final class MariaDbServer extends ExternalServer {

    public MariaDbServer() {
        super("mariadbd", "mariadb-server");
    }

    @Override
    protected List<String> searchPath() {
        List<String> dirs = new ArrayList<>(super.searchPath());
        dirs.add("/usr/sbin");
        return dirs;
    }

    @Override
    protected void prepare(Path directory) throws Exception {
        run(List.of(
                locate("mariadb-install-db").toString(),
                "--no-defaults",
                "--datadir=" + directory.resolve("data"),
                "--user=" + System.getProperty("user.name"),
                "--auth-root-authentication-method=normal",
                "--skip-test-db"));
    }

    @Override
    protected List<String> command(Path binary, int port, Path directory) {
        return List.of(
                binary.toString(),
                "--no-defaults",
                "--user=" + System.getProperty("user.name"),
                "--datadir=" + directory.resolve("data"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + directory.resolve("mariadb.sock"),
                "--pid-file=" + directory.resolve("mariadb.pid"),
                "--skip-name-resolve",
                "--innodb-flush-log-at-trx-commit=1");
    }

    @Override
    protected void awaitReady() throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            Process p = new ProcessBuilder(
                            locate("mariadb").toString(),
                            "--no-defaults",
                            "-h127.0.0.1",
                            "-P" + port(),
                            "-uroot",
                            "-e",
                            "CREATE DATABASE IF NOT EXISTS maintenance")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("MariaDB did not become ready; log:\n" + log());
    }

    /** {@code jdbc:mariadb://127.0.0.1:<port>/maintenance?user=root}. */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port() + "/maintenance?user=root";
    }
}
