package dev.maintenance4j.servlet.proxy;

import dev.maintenance4j.servlet.OriginalRequestHeaders;
import dev.maintenance4j.testing.servers.CaddyServer;
import dev.maintenance4j.testing.servers.ExternalServer;
import dev.maintenance4j.testing.servers.ProxyConfig;

/** Debian's Caddy with docs/proxies/Caddyfile ({@code forward_auth}) in front of an application. */
class CaddyDecisionIT extends ProxyDecisionContract {

    @Override
    String configFile() {
        return "Caddyfile";
    }

    @Override
    ExternalServer proxy(ProxyConfig config, int applicationPort, int maintenancePort, String... switchedOn) {
        return new CaddyServer(port -> config.render(port, applicationPort, maintenancePort, switchedOn));
    }

    @Override
    OriginalRequestHeaders headers() {
        return OriginalRequestHeaders.X_FORWARDED;
    }

    @Override
    int failClosedStatus() {
        return 502;
    }
}
