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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The server for the HTTP overhead benchmark (benchmarks/http-overhead.sh): one embedded Tomcat, one
 * connector, three applications with the same trivial endpoint, so they are measured side by side on
 * the same container:
 * <ul>
 *   <li>{@code /plain} — no filter;</li>
 *   <li>{@code /filtered} — the maintenance filter, maintenance off;</li>
 *   <li>{@code /blocked} — the maintenance filter, maintenance on: every request gets the 503 page.</li>
 * </ul>
 * Prints {@code port=N} when ready and runs until killed.
 */
public final class HttpOverheadServer {

    private HttpOverheadServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Path base = Files.createTempDirectory("http-overhead");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);

        Maintenance off = Maintenance.builder(FileStateStore.builder(base.resolve("off/state.json")).build()).build().start();
        FileStateStore onStore = FileStateStore.builder(base.resolve("on/state.json")).build();
        // a realistic window: the page shows the end time and every response carries Retry-After as an HTTP-date
        onStore.compareAndSet(0, MaintenanceState.builder().enabled(true).mode(Mode.FULL).reason("Benchmark maintenance")
                        .since(Instant.now()).until(Instant.now().plus(java.time.Duration.ofDays(1))).build(),
                new Change("down", "benchmark", "benchmark", Instant.now()));
        Maintenance on = Maintenance.builder(onStore).build().start();

        addApp(tomcat, base, "/plain", null);
        addApp(tomcat, base, "/filtered", MaintenanceFilter.builder(off).build());
        addApp(tomcat, base, "/blocked", MaintenanceFilter.builder(on).build());
        tomcat.start();
        System.out.println("port=" + connector.getLocalPort());
        System.out.flush();
        tomcat.getServer().await();
    }

    private static void addApp(Tomcat tomcat, Path base, String contextPath, Filter filter) throws IOException {
        Path docBase = Files.createDirectories(base.resolve(contextPath.substring(1)));
        Context context = tomcat.addContext(contextPath, docBase.toString());
        if (filter != null) {
            FilterDef def = new FilterDef();
            def.setFilterName("maintenance");
            def.setFilter(filter);
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("maintenance");
            map.addURLPattern("/*");
            context.addFilterMap(map);
        }
        Tomcat.addServlet(context, "hello", new Hello());
        context.addServletMappingDecoded("/*", "hello");
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
