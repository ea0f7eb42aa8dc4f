package dev.maintenance4j.gateway;

import dev.maintenance4j.testing.servers.UpstreamApp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway in front of the Node orders app, a real node process. */
class NodeGatewayIT extends GatewayContract {

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.node();

    @Override
    UpstreamApp app() {
        return APP;
    }
}
