package dev.maintenance4j.servlet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.servlet.OriginalRequestHeaders;
import dev.maintenance4j.testing.servers.ExternalServer;
import dev.maintenance4j.testing.servers.NginxServer;
import dev.maintenance4j.testing.servers.ProxyConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Debian's nginx with docs/proxies/nginx.conf ({@code auth_request}) in front of an application. */
class NginxDecisionIT extends ProxyDecisionContract {

    @Override
    String configFile() {
        return "nginx.conf";
    }

    @Override
    ExternalServer proxy(ProxyConfig config, int applicationPort, int maintenancePort, String... switchedOn) {
        return new NginxServer(port -> config.render(port, applicationPort, maintenancePort, switchedOn));
    }

    @Override
    OriginalRequestHeaders headers() {
        return OriginalRequestHeaders.X_ORIGINAL;
    }

    @Override
    int failClosedStatus() {
        return 500;
    }

    @Test
    void withTheFailOpenLineSwitchedOnRequestsReachTheApplicationWhenMaintenance4jIsDown() throws Exception {
        ExternalServer proxy = launch(proxy(config(), applicationPort(), closedPort(), "fail-open"));
        HttpResponse<String> answer = http().send(
                        HttpRequest.newBuilder(URI.create("http://[::1]:" + proxy.port() + "/orders"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("app GET /orders");
    }
}
