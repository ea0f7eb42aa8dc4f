package dev.maintenance4j.gateway;

import dev.maintenance4j.testing.servers.UpstreamApp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway in front of the Flask orders app, a real flask process. */
class FlaskGatewayIT extends GatewayContract {

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.flask();

    @Override
    UpstreamApp app() {
        return APP;
    }
}
