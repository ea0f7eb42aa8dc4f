package dev.maintenance4j.testing.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Cluster of three masters (Debian package {@code redis-server}, which brings {@code redis-cli}):
 * three {@code redis-server --cluster-enabled yes} on free loopback ports, joined by
 * {@code redis-cli --cluster create}, ready when every node reports {@code cluster_state:ok}.
 */
public final class RedisClusterServer implements BeforeAllCallback, AfterAllCallback {

    private final List<RedisServer> nodes = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (int i = 0; i < 3; i++) {
            RedisServer node = new RedisServer(List.of(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "2000"));
            nodes.add(node);
            node.launch();
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (RedisServer node : nodes) {
            create.add("127.0.0.1:" + node.port());
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        run(create);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (RedisServer node : nodes) {
            while (!run(List.of("redis-cli", "-p", Integer.toString(node.port()), "cluster", "info"))
                    .contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis cluster did not become ready in 20 s");
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (RedisServer node : nodes) {
            node.shutdown();
        }
    }

    /** {@code redis://127.0.0.1:<port>} of every node, for a cluster client's seed list. */
    public List<String> uris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
