package dev.maintenance4j.gateway;

import dev.maintenance4j.testing.servers.UpstreamApp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway in front of the Php orders app, a real php process. */
class PhpGatewayIT extends GatewayContract {

    @RegisterExtension
    static final UpstreamApp APP = UpstreamApp.php();

    @Override
    UpstreamApp app() {
        return APP;
    }
}
