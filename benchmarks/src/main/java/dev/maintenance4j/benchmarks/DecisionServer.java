package dev.maintenance4j.benchmarks;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.http.HttpOptions;
import dev.maintenance4j.servlet.MaintenanceDecisionServlet;
import dev.maintenance4j.servlet.MaintenanceFilter;
import dev.maintenance4j.servlet.OriginalRequestHeaders;
import dev.maintenance4j.store.file.FileStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The decision endpoint for the proxy benchmark (benchmarks/proxy-decisions.sh): one embedded Tomcat
 * answering {@code /maintenance/decide} for proxies on {@code 127.0.0.1}, maintenance off, on the file
 * store in a temporary directory. Prints {@code port=N} when ready and runs until killed.
 */
public final class DecisionServer {

    private DecisionServer() {}

    public static void main(String[] args) throws Exception {
        Path base = Files.createTempDirectory("decision-server");
        FileStateStore store =
                FileStateStore.builder(base.resolve("state.json")).build();
        Maintenance maintenance = Maintenance.builder(store).build().start();
        MaintenanceFilter filter = MaintenanceFilter.builder(maintenance)
                .options(HttpOptions.builder()
                        .trustedProxies(List.of("127.0.0.1/32"))
                        .build())
                .build();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxKeepAliveRequests", "-1");
        connector.setProperty("maxThreads", System.getProperty("threads", "200"));
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(
                context,
                "decide",
                MaintenanceDecisionServlet.builder(filter, OriginalRequestHeaders.X_ORIGINAL)
                        .build());
        context.addServletMappingDecoded("/maintenance/decide", "decide");
        tomcat.start();
        System.out.println("port=" + connector.getLocalPort());
        tomcat.getServer().await();
    }
}
