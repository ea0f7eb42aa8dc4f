/**
 * The gateway: a reverse proxy (Jetty 12) that puts maintenance mode, the admin API and the write buffer
 * in front of any HTTP service. {@link dev.maintenance4j.gateway.GatewayCommand} is {@code bin/gateway};
 * {@link dev.maintenance4j.gateway.Gateway} assembles the same pieces the servlet filter uses around
 * {@link dev.maintenance4j.gateway.UpstreamProxyServlet}.
 */
@NullMarked
package dev.maintenance4j.gateway;

import org.jspecify.annotations.NullMarked;
