package dev.maintenance4j.benchmarks;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.Mode;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.spi.Change;
import dev.maintenance4j.store.file.FileStateStore;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.jspecify.annotations.Nullable;

/**
 * The server for the HTTP overhead benchmark (benchmarks/http-overhead.sh): one embedded Tomcat, one
 * connector, four applications measured side by side on the same container:
 * <ul>
 *   <li>{@code /plain} — the trivial endpoint, no filter;</li>
 *   <li>{@code /filtered} — the same endpoint behind the maintenance filter, maintenance off;</li>
 *   <li>{@code /blocked} — behind the filter with maintenance on: every request gets the 503 page;</li>
 *   <li>{@code /replica} — no filter; a servlet sends the blocked response's status, headers and body,
 *       copied from {@code /blocked} at start. It tells what the maintenance response itself costs the
 *       container, apart from what the filter costs.</li>
 *   <li>{@code /replica-filtered} — the same replica behind a filter that only calls the chain: what
 *       having any filter mapped costs the container, apart from what the maintenance filter does.</li>
 * </ul>
 * The filter is registered as asynchronous, as the Spring Boot starter registers it. Prints
 * {@code port=N} when ready and runs until killed.
 */
public final class HttpOverheadServer {

    private HttpOverheadServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Path base = Files.createTempDirectory("http-overhead");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);

        Maintenance off = Maintenance.builder(
                        FileStateStore.builder(base.resolve("off/state.json")).build())
                .build()
                .start();
        FileStateStore onStore =
                FileStateStore.builder(base.resolve("on/state.json")).build();
        // a realistic window: the page shows the end time and every response carries Retry-After as an HTTP-date
        onStore.compareAndSet(
                0,
                MaintenanceState.builder()
                        .enabled(true)
                        .mode(Mode.FULL)
                        .reason("Benchmark maintenance")
                        .since(Instant.now())
                        .until(Instant.now().plus(Duration.ofDays(1)))
                        .build(),
                new Change("down", "benchmark", "benchmark", Instant.now()));
        Maintenance on = Maintenance.builder(onStore).build().start();

        addApp(tomcat, base, "/plain", null, new Hello());
        addApp(tomcat, base, "/filtered", MaintenanceFilter.builder(off).build(), new Hello());
        addApp(tomcat, base, "/blocked", MaintenanceFilter.builder(on).build(), new Hello());
        Replica replica = new Replica();
        addApp(tomcat, base, "/replica", null, replica);
        Replica replicaBehindAFilter = new Replica();
        addApp(
                tomcat,
                base,
                "/replica-filtered",
                (request, response, chain) -> chain.doFilter(request, response),
                replicaBehindAFilter);
        tomcat.start();
        URI blocked = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/blocked/hello");
        replica.copy(blocked);
        replicaBehindAFilter.copy(blocked);
        System.out.println("port=" + connector.getLocalPort());
        System.out.flush();
        tomcat.getServer().await();
    }

    static void addApp(Tomcat tomcat, Path base, String contextPath, @Nullable Filter filter, HttpServlet servlet)
            throws IOException {
        Path docBase = Files.createDirectories(base.resolve(contextPath.substring(1)));
        Context context = tomcat.addContext(contextPath, docBase.toString());
        if (filter != null) {
            FilterDef def = new FilterDef();
            def.setFilterName("maintenance");
            def.setFilter(filter);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("maintenance");
            map.addURLPattern("/*");
            context.addFilterMap(map);
        }
        Tomcat.addServlet(context, "hello", servlet);
        context.addServletMappingDecoded("/*", "hello");
    }

    /** Sends what {@code /blocked} sent when {@link #copy} asked it: the same status, headers and body. */
    static final class Replica extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final Set<String> CONTAINER_HEADERS =
                Set.of("date", "connection", "content-length", "content-type");
        private volatile int status;
        private volatile Map<String, String> headers = Map.of();
        private volatile String contentType = "";
        private volatile byte[] body = new byte[0];

        void copy(URI blocked) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(blocked).build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> copied = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!CONTAINER_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    copied.put(name, values.get(0));
                }
            });
            if (response.statusCode() != 503 || !copied.containsKey("retry-after")) {
                throw new IllegalStateException(
                        "/blocked did not send the maintenance response: " + response.statusCode() + " " + copied);
            }
            contentType = response.headers().firstValue("content-type").orElseThrow();
            headers = copied;
            body = response.body();
            status = response.statusCode();
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(status);
            headers.forEach(resp::setHeader);
            resp.setContentType(contentType);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /** The trivial endpoint: a fixed 2-byte body. */
    static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] BODY = "ok".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(BODY.length);
            resp.getOutputStream().write(BODY);
        }
    }
}
