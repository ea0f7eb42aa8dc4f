package dev.maintenance4j.admin;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.servlet.ServletResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The {@linkplain AdminApi admin REST API, admin page and public status} for any servlet application. Map it
 * to {@code /maintenance/*} with async supported (for the event stream). It translates each request into an
 * {@link AdminRequest}, writes the {@link AdminApi.Answer}, and holds the event streams' connections; every
 * rule is {@link AdminApi}'s.
 */
public final class MaintenanceAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** What a 401 says when nothing more specific was configured. */
    public static final String DEFAULT_SIGN_IN_HINT = AdminApi.DEFAULT_SIGN_IN_HINT;

    private final transient AdminApi api;

    private MaintenanceAdminServlet(AdminApi api) {
        this.api = api;
    }

    public static Builder builder(Maintenance maintenance) {
        return new Builder(maintenance);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() == null) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", request.getContextPath() + request.getServletPath() + "/");
            return;
        }
        AdminApi.Answer answer = api.handle(new ServletAdminRequest(request));
        if (answer.opensEventStream()) {
            ServletResponses.writeHead(response, answer.response());
            api.subscribe(ServletEventSink.open(request, api));
        } else {
            ServletResponses.write(request, response, answer.response());
        }
    }

    @Override
    public void destroy() {
        api.close();
    }

    /** Builds {@link MaintenanceAdminServlet}s; the options are {@link AdminApi.Builder}'s. */
    public static final class Builder extends AdminApi.Builder<Builder> {

        private Builder(Maintenance maintenance) {
            super(maintenance);
        }

        public MaintenanceAdminServlet build() {
            return new MaintenanceAdminServlet(api());
        }
    }
}
