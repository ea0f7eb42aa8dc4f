package dev.maintenance4j.servlet.testing;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A real embedded Tomcat on a free port, listening on IPv4 and IPv6 loopback, serving a small app
 * behind the filter under test. In front of the filter, a stand-in for the application's security
 * layer turns {@code X-Test-User} and {@code X-Test-Role} headers into {@code getRemoteUser} and
 * {@code isUserInRole}, as Spring Security would from a login.
 */
public final class TestServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final int port;

    private TestServer(Tomcat tomcat, int port) {
        this.tomcat = tomcat;
        this.port = port;
    }

    public static TestServer start(Filter maintenanceFilter) throws LifecycleException, IOException {
        return start(maintenanceFilter, null);
    }

    /** With the admin servlet mapped to {@code /maintenance/*}, when given. */
    public static TestServer start(Filter maintenanceFilter, Servlet adminServlet)
            throws LifecycleException, IOException {
        Path base = Files.createTempDirectory("tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "::"); // dual stack: 127.0.0.1 and ::1
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        addFilter(context, "roles", new RoleHeaderFilter());
        addFilter(context, "maintenance", maintenanceFilter, DispatcherType.ASYNC);
        Tomcat.addServlet(context, "app", new AppServlet()).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "app");
        if (adminServlet != null) {
            Tomcat.addServlet(context, "maintenance", adminServlet).setAsyncSupported(true);
            context.addServletMappingDecoded("/maintenance/*", "maintenance");
        }
        tomcat.start();
        return new TestServer(tomcat, connector.getLocalPort());
    }

    /** Maps the filter to every path, for requests and the extra dispatches given. */
    private static void addFilter(Context context, String name, Filter filter, DispatcherType... alsoFor) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        map.setDispatcher(DispatcherType.REQUEST.name());
        for (DispatcherType type : alsoFor) {
            map.setDispatcher(type.name());
        }
        context.addFilterMap(map);
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String ipv6Url(String path) {
        return "http://[::1]:" + port + path;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /**
     * The application: answers "app <method> <path>", manages a session under /session, and takes its time
     * under /slow?millis=N, or asynchronously (the servlet returns at once) under /async?millis=N, and
     * under /async-dispatch?millis=N with a second, asynchronous dispatch for the second half.
     */
    public static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
            String body;
            if (path.equals("/session")) {
                HttpSession session = req.getSession(true);
                body = "session " + session.getId();
            } else if (path.equals("/slow")) {
                sleep(Long.parseLong(req.getParameter("millis")));
                body = "slow done";
            } else if (path.equals("/async-dispatch") && req.getDispatcherType() == DispatcherType.ASYNC) {
                sleep(Long.parseLong(req.getParameter("millis")) / 2);
                body = "async dispatched";
            } else if (path.equals("/async-dispatch")) {
                AsyncContext async = req.startAsync();
                long millis = Long.parseLong(req.getParameter("millis"));
                async.start(() -> {
                    sleep(millis / 2);
                    async.dispatch();
                });
                return;
            } else if (path.equals("/async")) {
                AsyncContext async = req.startAsync();
                long millis = Long.parseLong(req.getParameter("millis"));
                async.start(() -> {
                    try {
                        sleep(millis);
                        async.getResponse().getOutputStream().write("async done".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } finally {
                        async.complete();
                    }
                });
                return;
            } else if (path.equals("/session/check")) {
                body = "session " + (req.getSession(false) != null ? "alive" : "gone");
            } else {
                body = "app " + req.getMethod() + " " + path;
            }
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stand-in for an authentication layer: roles come from a header. */
    public static final class RoleHeaderFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            String role = http.getHeader("X-Test-Role");
            String user = http.getHeader("X-Test-User");
            chain.doFilter(
                    role == null && user == null
                            ? request
                            : new HttpServletRequestWrapper(http) {
                                @Override
                                public boolean isUserInRole(String r) {
                                    return r.equals(role);
                                }

                                @Override
                                public String getRemoteUser() {
                                    return user != null ? user : role != null ? "user-with-" + role : null;
                                }
                            },
                    response);
        }
    }
}
